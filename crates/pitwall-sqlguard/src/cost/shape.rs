//! The shape of each relation a query reads — its columns and what naming
//! each costs once flattened — built bottom-up from CTEs and subqueries.

use sqlparser::ast::{
    Expr, JoinOperator, ObjectNamePart, OrderBy, Query, Select, SelectItem,
    SelectItemQualifiedWildcardKind, SetExpr, TableAlias, TableFactor, TableWithJoins, Visit,
};

use super::{Cost, Env, ExprCost};

/// Columns a `*` over a base table is counted as: the schema is not known
/// here, and base columns cost one node each anyway.
const WILDCARD_COLUMNS: u64 = 32;

/// A relation as the query reading it sees it.
#[derive(Debug, Clone)]
pub(super) struct Shape {
    /// Named output columns (lowercase) and what one reference to each costs.
    columns: Vec<(String, Cost)>,
    /// What a reference to any other column costs: one node when the
    /// relation is (or stars over) a base table, zero when it has no others.
    other: Cost,
    /// The relation's whole query, copied into each reader when flattened.
    pub(super) body: Cost,
    /// Arms of a compound (`UNION ALL`) body: flattening one makes a copy of
    /// the reader per arm.
    arms: u64,
}

impl Shape {
    fn base_table() -> Shape {
        Shape {
            columns: Vec::new(),
            other: Cost::NODE,
            body: Cost::default(),
            arms: 1,
        }
    }

    pub(super) fn lookup(&self, column: &str) -> Option<Cost> {
        let named = self
            .columns
            .iter()
            .filter(|(name, _)| name == column)
            .map(|(_, cost)| *cost)
            .reduce(Cost::max);
        named.or((self.other != Cost::default()).then_some(self.other))
    }

    /// Applies the column names of `name(a, b)` / `AS t(a, b)`, by position.
    fn renamed(mut self, alias: Option<&TableAlias>) -> Shape {
        for (column, def) in self
            .columns
            .iter_mut()
            .zip(alias.map_or(&[][..], |a| &a.columns[..]))
        {
            column.0 = def.name.value.to_ascii_lowercase();
        }
        self
    }
}

/// A relation of a FROM clause under the name the query uses for it.
#[derive(Debug, Clone)]
pub(super) struct Rel {
    pub(super) name: String,
    pub(super) shape: Shape,
}

/// The shape of `query`; its `body` is the whole query's cost.
pub(super) fn query_shape(query: &Query, env: &Env) -> Shape {
    let mut env = env.clone();
    let mut defined = Cost::default();
    if let Some(with) = &query.with {
        for cte in &with.cte_tables {
            // Visible to the CTEs after it; a recursive self-reference is not
            // flattened and resolves to a base-table-like relation.
            let shape = query_shape(&cte.query, &env).renamed(Some(&cte.alias));
            defined = defined.plus(shape.body);
            env.ctes
                .push((cte.alias.name.value.to_ascii_lowercase(), shape));
        }
    }
    let mut shape = match query.body.as_ref() {
        SetExpr::Select(select) => select_shape(select, &env, query.order_by.as_ref()),
        body => {
            let mut shape = compound_shape(body, &env);
            let mut order = ExprCost::new(&env, &shape.columns);
            let _ = query.order_by.visit(&mut order);
            shape.body = shape.body.plus(order.cost);
            shape
        }
    };
    let mut limit = ExprCost::new(&env, &[]);
    let _ = query.limit_clause.visit(&mut limit);
    shape.body = shape.body.plus(defined).plus(limit.cost);
    shape
}

fn compound_shape(body: &SetExpr, env: &Env) -> Shape {
    match body {
        SetExpr::Select(select) => select_shape(select, env, None),
        SetExpr::Query(query) => query_shape(query, env),
        SetExpr::SetOperation { left, right, .. } => {
            let (left, right) = (compound_shape(left, env), compound_shape(right, env));
            let columns = left
                .columns
                .iter()
                .enumerate()
                .map(|(i, (name, cost))| {
                    let other = right.columns.get(i).map_or(*cost, |(_, c)| *c);
                    (name.clone(), cost.max(other))
                })
                .collect();
            Shape {
                columns,
                other: left.other.max(right.other),
                body: left.body.plus(right.body),
                arms: left.arms.saturating_add(right.arms),
            }
        }
        SetExpr::Values(values) => {
            let mut columns: Vec<(String, Cost)> = Vec::new();
            let mut body = Cost::default();
            for row in &values.rows {
                for (i, expr) in row.content.iter().enumerate() {
                    let mut cost = ExprCost::new(env, &[]);
                    let _ = expr.visit(&mut cost);
                    body = body.plus(cost.cost);
                    match columns.get_mut(i) {
                        Some(column) => column.1 = column.1.max(cost.cost),
                        None => columns.push((format!("column{}", i + 1), cost.cost)),
                    }
                }
            }
            let arms = u64::try_from(values.rows.len()).unwrap_or(u64::MAX).max(1);
            Shape {
                columns,
                other: Cost::default(),
                body,
                arms,
            }
        }
        // DML and `TABLE t` bodies are refused by the inspector first.
        _ => Shape {
            columns: Vec::new(),
            other: Cost::default(),
            body: Cost::default(),
            arms: 1,
        },
    }
}

/// The relations of a FROM clause, the bodies they copy in, and the join
/// constraints to cost once all of them are in scope.
#[derive(Default)]
struct FromClause<'q> {
    rels: Vec<Rel>,
    copied: Cost,
    arms: u64,
    constraints: Vec<&'q JoinOperator>,
}

impl<'q> FromClause<'q> {
    fn add_table(&mut self, table: &'q TableWithJoins, env: &Env) {
        self.add_factor(&table.relation, env);
        for join in &table.joins {
            self.add_factor(&join.relation, env);
            self.constraints.push(&join.join_operator);
        }
    }

    fn add_factor(&mut self, factor: &'q TableFactor, env: &Env) {
        let (name, shape) = match factor {
            TableFactor::Table { name, alias, .. } => {
                let key = match name.0.as_slice() {
                    [ObjectNamePart::Identifier(ident)] => ident.value.to_ascii_lowercase(),
                    _ => String::new(),
                };
                let cte = env.ctes.iter().rev().find(|(n, _)| *n == key);
                let shape = cte.map_or_else(Shape::base_table, |(_, s)| s.clone());
                let name = alias
                    .as_ref()
                    .map_or(key, |a| a.name.value.to_ascii_lowercase());
                (name, shape.renamed(alias.as_ref()))
            }
            TableFactor::Derived {
                subquery, alias, ..
            } => {
                let name = alias
                    .as_ref()
                    .map_or(String::new(), |a| a.name.value.to_ascii_lowercase());
                (name, query_shape(subquery, env).renamed(alias.as_ref()))
            }
            TableFactor::NestedJoin {
                table_with_joins, ..
            } => return self.add_table(table_with_joins, env),
            // Table functions and the like are refused by the inspector first.
            _ => return,
        };
        self.copied = self.copied.plus(shape.body);
        self.arms = self.arms.max(1).saturating_mul(shape.arms.max(1));
        self.rels.push(Rel { name, shape });
    }
}

fn select_shape(select: &Select, env: &Env, order_by: Option<&OrderBy>) -> Shape {
    let mut from = FromClause::default();
    for table in &select.from {
        from.add_table(table, env);
    }
    let mut inner = env.clone();
    inner.scopes.push(from.rels.clone());
    let mut columns: Vec<(String, Cost)> = Vec::new();
    let mut other = Cost::default();
    let mut own = Cost::default();
    let mut spread = |rel: &Rel, columns: &mut Vec<(String, Cost)>, own: &mut Cost| {
        for (name, cost) in &rel.shape.columns {
            columns.push((name.clone(), *cost));
            *own = own.plus(*cost);
        }
        if rel.shape.other != Cost::default() {
            other = other.max(rel.shape.other);
            *own = own.plus(rel.shape.other.times(WILDCARD_COLUMNS));
        }
    };
    for item in &select.projection {
        let (expr, names): (&Expr, Vec<String>) = match item {
            SelectItem::UnnamedExpr(expr) => (expr, vec![column_name(expr)]),
            SelectItem::ExprWithAlias { expr, alias } => {
                (expr, vec![alias.value.to_ascii_lowercase()])
            }
            SelectItem::ExprWithAliases { expr, aliases } => (
                expr,
                aliases
                    .iter()
                    .map(|a| a.value.to_ascii_lowercase())
                    .collect(),
            ),
            SelectItem::Wildcard(_) => {
                for rel in &from.rels {
                    spread(rel, &mut columns, &mut own);
                }
                continue;
            }
            SelectItem::QualifiedWildcard(SelectItemQualifiedWildcardKind::ObjectName(n), _) => {
                let table =
                    n.0.last()
                        .and_then(|p| p.as_ident())
                        .map(|i| i.value.to_ascii_lowercase());
                for rel in from.rels.iter().filter(|r| Some(&r.name) == table.as_ref()) {
                    spread(rel, &mut columns, &mut own);
                }
                continue;
            }
            SelectItem::QualifiedWildcard(SelectItemQualifiedWildcardKind::Expr(expr), _) => {
                (expr, Vec::new())
            }
        };
        let mut cost = ExprCost::new(&inner, &[]);
        let _ = expr.visit(&mut cost);
        own = own.plus(cost.cost);
        columns.extend(names.into_iter().map(|n| (n, cost.cost)));
    }
    let mut clauses = ExprCost::new(&inner, &columns);
    let _ = select.distinct.visit(&mut clauses);
    for constraint in &from.constraints {
        let _ = constraint.visit(&mut clauses);
    }
    let _ = select.selection.visit(&mut clauses);
    let _ = select.group_by.visit(&mut clauses);
    let _ = select.having.visit(&mut clauses);
    let _ = select.named_window.visit(&mut clauses);
    if let Some(order_by) = order_by {
        let _ = order_by.visit(&mut clauses);
    }
    let arms = from.arms.max(1);
    let body = from.copied.plus(own.plus(clauses.cost).times(arms));
    Shape {
        columns,
        other,
        body,
        arms,
    }
}

/// The name SQLite gives an unaliased result column.
fn column_name(expr: &Expr) -> String {
    match expr {
        Expr::Identifier(ident) => ident.value.to_ascii_lowercase(),
        Expr::CompoundIdentifier(parts) => parts
            .last()
            .map_or(String::new(), |i| i.value.to_ascii_lowercase()),
        other => other.to_string().to_ascii_lowercase(),
    }
}
