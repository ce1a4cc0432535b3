//! The AST walk behind [`crate::check`]. sqlparser's derived `Visit` reaches
//! every node (CTE bodies, subqueries in any expression, join constraints,
//! window specs), so nothing depends on this file listing every place a table
//! or a function call can hide.

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, FunctionArguments, ObjectName, ObjectNamePart, Query,
    Select, SetExpr, Statement, TableFactor, Value, Visitor,
};

use crate::check::statement_kind;
use crate::policy::{function_allowed, is_sqlite_internal, MAX_TRIM_CHARS};
use crate::{GuardError, GuardPolicy};

/// Boxed so the `ControlFlow` threaded through every recursive call stays
/// one pointer wide (sqlparser's advice for deep ASTs).
type Flow = ControlFlow<Box<GuardError>>;

/// Collects the tables a query reads and stops at the first violation.
pub(crate) struct Inspector<'p> {
    policy: &'p GuardPolicy,
    /// CTE names visible at the current point: one frame per enclosing query,
    /// so a CTE defined in a subquery does not whitelist a name outside it.
    cte_scopes: Vec<Vec<String>>,
    tables: BTreeSet<String>,
}

impl<'p> Inspector<'p> {
    pub(crate) fn new(policy: &'p GuardPolicy) -> Self {
        Inspector {
            policy,
            cte_scopes: Vec::new(),
            tables: BTreeSet::new(),
        }
    }

    /// The allowed tables seen, lowercase and sorted.
    pub(crate) fn into_tables(self) -> Vec<String> {
        self.tables.into_iter().collect()
    }

    fn is_cte(&self, lowercase_name: &str) -> bool {
        self.cte_scopes
            .iter()
            .any(|scope| scope.iter().any(|n| n == lowercase_name))
    }

    fn resolve_table(&mut self, name: &ObjectName) -> Result<(), GuardError> {
        let mut idents = Vec::with_capacity(name.0.len());
        for part in &name.0 {
            match part {
                ObjectNamePart::Identifier(ident) => idents.push(ident.value.to_ascii_lowercase()),
                ObjectNamePart::Function(_) => {
                    return Err(GuardError::UnsupportedClause {
                        clause: format!("computed table name `{name}`"),
                    })
                }
            }
        }
        let (schema, table) = match idents.as_slice() {
            [table] => (None, table.as_str()),
            [schema, table] => (Some(schema.as_str()), table.as_str()),
            _ => {
                return Err(GuardError::ForbiddenSchema {
                    name: name.to_string(),
                })
            }
        };
        if is_sqlite_internal(table) {
            return Err(GuardError::ForbiddenTable {
                name: name.to_string(),
            });
        }
        match schema {
            // `main.x` always means the real table, never a CTE.
            Some("main") if self.policy.allows_table(table) => {}
            Some(_) => {
                return Err(GuardError::ForbiddenSchema {
                    name: name.to_string(),
                })
            }
            None if self.is_cte(table) => return Ok(()),
            None if self.policy.allows_table(table) => {}
            None => {
                return Err(GuardError::UnknownTable {
                    name: name.to_string(),
                    allowed: self.policy.allowed_list(),
                })
            }
        }
        self.tables.insert(table.to_string());
        Ok(())
    }
}

fn flow(result: Result<(), GuardError>) -> Flow {
    match result {
        Ok(()) => ControlFlow::Continue(()),
        Err(err) => ControlFlow::Break(Box::new(err)),
    }
}

fn unsupported(clause: &str) -> Result<(), GuardError> {
    Err(GuardError::UnsupportedClause {
        clause: clause.to_string(),
    })
}

/// Query-level clauses SQLite has no use for; some (FOR UPDATE) imply writes.
fn check_query_clauses(query: &Query) -> Result<(), GuardError> {
    if !query.locks.is_empty() {
        return unsupported("FOR UPDATE/SHARE locking");
    }
    if query.fetch.is_some() {
        return unsupported("FETCH (use LIMIT)");
    }
    if query.for_clause.is_some() || query.format_clause.is_some() || query.settings.is_some() {
        return unsupported("FOR/FORMAT/SETTINGS clause");
    }
    if !query.pipe_operators.is_empty() {
        return unsupported("pipe operators");
    }
    check_set_expr(&query.body)
}

/// Only SELECT, parenthesised queries, set operations of those, and VALUES.
/// DML bodies (`WITH x AS (DELETE ...)`) are also caught by
/// `pre_visit_statement`; `TABLE t` carries no relation for the visitor, so it
/// must be refused here.
fn check_set_expr(body: &SetExpr) -> Result<(), GuardError> {
    match body {
        SetExpr::Select(_) | SetExpr::Query(_) | SetExpr::Values(_) => Ok(()),
        SetExpr::SetOperation { left, right, .. } => {
            check_set_expr(left)?;
            check_set_expr(right)
        }
        SetExpr::Insert(s) | SetExpr::Update(s) | SetExpr::Delete(s) | SetExpr::Merge(s) => {
            Err(GuardError::NotSelect {
                kind: statement_kind(s),
            })
        }
        SetExpr::Table(_) => Err(GuardError::NotSelect {
            kind: "TABLE".to_string(),
        }),
    }
}

fn check_select(select: &Select) -> Result<(), GuardError> {
    if select.into.is_some() {
        return Err(GuardError::SelectInto);
    }
    if select.top.is_some() {
        return unsupported("TOP (use LIMIT)");
    }
    if !select.lateral_views.is_empty() || !select.connect_by.is_empty() {
        return unsupported("LATERAL VIEW / CONNECT BY");
    }
    if select.prewhere.is_some() || select.qualify.is_some() {
        return unsupported("PREWHERE / QUALIFY");
    }
    if !select.cluster_by.is_empty()
        || !select.distribute_by.is_empty()
        || !select.sort_by.is_empty()
    {
        return unsupported("CLUSTER/DISTRIBUTE/SORT BY");
    }
    Ok(())
}

fn check_table_factor(factor: &TableFactor) -> Result<(), GuardError> {
    match factor {
        TableFactor::Table {
            name,
            args,
            with_hints,
            version,
            with_ordinality,
            partitions,
            json_path,
            sample,
            inheritance,
            ..
        } => {
            if args.is_some() {
                return Err(GuardError::TableValuedFunction {
                    name: name.to_string(),
                });
            }
            if !with_hints.is_empty()
                || version.is_some()
                || *with_ordinality
                || !partitions.is_empty()
                || json_path.is_some()
                || sample.is_some()
                || inheritance.is_some()
            {
                return unsupported("table modifiers (hints, versions, partitions, samples)");
            }
            Ok(())
        }
        TableFactor::Derived {
            lateral, sample, ..
        } => {
            if *lateral || sample.is_some() {
                return unsupported("LATERAL / TABLESAMPLE subquery");
            }
            Ok(())
        }
        TableFactor::NestedJoin { .. } => Ok(()),
        TableFactor::Function { name, .. } => Err(GuardError::TableValuedFunction {
            name: name.to_string(),
        }),
        other => Err(GuardError::TableValuedFunction {
            name: other.to_string().chars().take(60).collect(),
        }),
    }
}

/// `trim(x, set)` compares every stripped character with every member of
/// `set`, so the set must be short, and a literal so its length is known here.
fn check_trim_set(set: &Expr) -> Result<(), GuardError> {
    let short = match set {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(text) => text.chars().count() <= MAX_TRIM_CHARS,
            _ => false,
        },
        _ => false,
    };
    if short {
        Ok(())
    } else {
        Err(trim_set_error(set))
    }
}

fn trim_set_error(found: &dyn std::fmt::Display) -> GuardError {
    GuardError::TooExpensive {
        reason: format!(
            "the characters trim/ltrim/rtrim strip must be a quoted literal of at most \
             {MAX_TRIM_CHARS} characters, found `{found}`"
        ),
    }
}

fn check_trim(expr: &Expr) -> Result<(), GuardError> {
    match expr {
        Expr::Trim {
            trim_what,
            trim_characters,
            ..
        } => {
            for set in trim_what
                .iter()
                .map(|b| b.as_ref())
                .chain(trim_characters.iter().flatten())
            {
                check_trim_set(set)?;
            }
            Ok(())
        }
        Expr::Function(function) => {
            let is_trim = matches!(
                function.name.0.as_slice(),
                [ObjectNamePart::Identifier(ident)]
                    if ["trim", "ltrim", "rtrim"].iter().any(|t| ident.value.eq_ignore_ascii_case(t))
            );
            let FunctionArguments::List(list) = &function.args else {
                return Ok(());
            };
            // The first argument is the text; any others are character sets.
            for arg in list.args.iter().skip(1).filter(|_| is_trim) {
                let FunctionArg::Unnamed(FunctionArgExpr::Expr(set)) = arg else {
                    return Err(trim_set_error(arg));
                };
                check_trim_set(set)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn check_function_call(expr: &Expr) -> Result<(), GuardError> {
    check_trim(expr)?;
    let Expr::Function(function) = expr else {
        return Ok(());
    };
    let allowed = match function.name.0.as_slice() {
        [ObjectNamePart::Identifier(ident)] => function_allowed(&ident.value),
        // `main.abs(...)`, computed names: never a plain built-in.
        _ => false,
    };
    if !allowed {
        return Err(GuardError::ForbiddenFunction {
            name: function.name.to_string(),
        });
    }
    if !matches!(function.parameters, FunctionArguments::None) || function.uses_odbc_syntax {
        return unsupported("parametric / ODBC function call syntax");
    }
    Ok(())
}

impl Visitor for Inspector<'_> {
    type Break = Box<GuardError>;

    /// The top-level query is visited directly, so any statement met here is
    /// nested inside it (DML in a CTE body) and not a read.
    fn pre_visit_statement(&mut self, statement: &Statement) -> Flow {
        flow(Err(GuardError::NotSelect {
            kind: statement_kind(statement),
        }))
    }

    fn pre_visit_query(&mut self, query: &Query) -> Flow {
        let mut names = Vec::new();
        if let Some(with) = &query.with {
            for cte in &with.cte_tables {
                let name = cte.alias.name.value.to_ascii_lowercase();
                if is_sqlite_internal(&name) {
                    return flow(Err(GuardError::ForbiddenTable {
                        name: cte.alias.name.to_string(),
                    }));
                }
                if cte.from.is_some() {
                    return flow(unsupported("CTE FROM clause"));
                }
                names.push(name);
            }
        }
        // Push before the CTE bodies are visited: recursive CTEs read themselves.
        self.cte_scopes.push(names);
        flow(check_query_clauses(query))
    }

    fn post_visit_query(&mut self, _query: &Query) -> Flow {
        self.cte_scopes.pop();
        ControlFlow::Continue(())
    }

    fn pre_visit_select(&mut self, select: &Select) -> Flow {
        flow(check_select(select))
    }

    fn pre_visit_table_factor(&mut self, factor: &TableFactor) -> Flow {
        flow(check_table_factor(factor))
    }

    fn pre_visit_relation(&mut self, relation: &ObjectName) -> Flow {
        flow(self.resolve_table(relation))
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> Flow {
        flow(check_function_call(expr))
    }
}
