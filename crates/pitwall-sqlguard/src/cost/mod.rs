//! An upper bound on a query's size once SQLite's query flattener has run.
//!
//! Flattening a subquery or CTE into the query that reads it copies the
//! column's expression into every place that names the column, and copies
//! stack: eight references per level, seven levels deep, is 8^7 copies —
//! gigabytes of expression tree built inside `sqlite3_prepare`, where no
//! progress handler or interrupt is checked. Copies also multiply the calls
//! made per row, between two clock checks. Nothing at execution time can stop
//! either, so `check` estimates the flattened size from the AST and refuses
//! large ones.
//!
//! The estimate assumes every CTE and subquery is flattened into every place
//! that reads it, and every column reference costs as much as the costliest
//! column it could name, so it over-counts rather than under-counts.

mod shape;

use std::ops::ControlFlow;

use sqlparser::ast::{BinaryOperator, Expr, Ident, ObjectNamePart, Query, Visitor};

use crate::policy::is_heavy_function;
use shape::{query_shape, Rel, Shape};

/// The work a query can make SQLite do once flattened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Cost {
    /// Expression nodes: each at most one linear pass over a capped value.
    pub(crate) nodes: u64,
    /// Calls of super-linear functions and operators (see `HEAVY_FUNCTIONS`).
    pub(crate) heavy: u64,
}

impl Cost {
    const NODE: Cost = Cost { nodes: 1, heavy: 0 };

    /// Saturating, so a hostile query's estimate pins at `u64::MAX` instead
    /// of wrapping to something small.
    fn plus(self, other: Cost) -> Cost {
        Cost {
            nodes: self.nodes.saturating_add(other.nodes),
            heavy: self.heavy.saturating_add(other.heavy),
        }
    }

    fn max(self, other: Cost) -> Cost {
        Cost {
            nodes: self.nodes.max(other.nodes),
            heavy: self.heavy.max(other.heavy),
        }
    }

    fn times(self, n: u64) -> Cost {
        Cost {
            nodes: self.nodes.saturating_mul(n),
            heavy: self.heavy.saturating_mul(n),
        }
    }
}

/// The estimated cost of `query` after flattening.
pub(crate) fn estimate(query: &Query) -> Cost {
    query_shape(query, &Env::default()).body
}

/// What names resolve to at one point of the query: the CTEs in scope and the
/// FROM relations of this and every enclosing query (correlated references).
#[derive(Debug, Clone, Default)]
struct Env {
    ctes: Vec<(String, Shape)>,
    scopes: Vec<Vec<Rel>>,
}

impl Env {
    /// The costliest thing `table.column` or `column` could name: innermost
    /// scope first, as SQLite resolves, then the SELECT's own aliases
    /// (allowed in WHERE, GROUP BY, HAVING and ORDER BY), else a plain node.
    fn resolve(&self, table: Option<&Ident>, column: &Ident, aliases: &[(String, Cost)]) -> Cost {
        let column = column.value.to_ascii_lowercase();
        let table = table.map(|t| t.value.to_ascii_lowercase());
        let mut found: Option<Cost> = None;
        for scope in self.scopes.iter().rev() {
            for rel in scope {
                if table.as_ref().is_some_and(|t| *t != rel.name) {
                    continue;
                }
                if let Some(cost) = rel.shape.lookup(&column) {
                    found = Some(found.map_or(cost, |f| f.max(cost)));
                }
            }
            if found.is_some() {
                break;
            }
        }
        if table.is_none() {
            if let Some((_, cost)) = aliases.iter().find(|(name, _)| *name == column) {
                found = Some(found.map_or(*cost, |f| f.max(*cost)));
            }
        }
        found.unwrap_or(Cost::NODE).max(Cost::NODE)
    }
}

/// Whether one evaluation of `expr` can do super-linear work.
fn is_heavy(expr: &Expr) -> bool {
    match expr {
        Expr::Function(function) => match function.name.0.as_slice() {
            [ObjectNamePart::Identifier(ident)] => is_heavy_function(&ident.value),
            _ => false,
        },
        Expr::Like { .. }
        | Expr::ILike { .. }
        | Expr::SimilarTo { .. }
        | Expr::RLike { .. }
        | Expr::Trim { .. } => true,
        Expr::BinaryOp { op, .. } => matches!(
            op,
            BinaryOperator::Glob | BinaryOperator::Regexp | BinaryOperator::Match
        ),
        _ => false,
    }
}

/// Sums the cost of the expressions it visits; a subquery inside them is
/// costed as a whole query, with the current FROM relations as its outer scope.
struct ExprCost<'e> {
    env: &'e Env,
    aliases: &'e [(String, Cost)],
    cost: Cost,
    /// Queries entered below the expression being costed: their nodes belong
    /// to the nested query's own estimate.
    depth: usize,
}

impl<'e> ExprCost<'e> {
    fn new(env: &'e Env, aliases: &'e [(String, Cost)]) -> Self {
        ExprCost {
            env,
            aliases,
            cost: Cost::default(),
            depth: 0,
        }
    }
}

impl Visitor for ExprCost<'_> {
    type Break = ();

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        if self.depth == 0 {
            self.cost = self.cost.plus(query_shape(query, self.env).body);
        }
        self.depth += 1;
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
        self.depth = self.depth.saturating_sub(1);
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        if self.depth > 0 {
            return ControlFlow::Continue(());
        }
        let own = match expr {
            Expr::Identifier(column) => self.env.resolve(None, column, self.aliases),
            Expr::CompoundIdentifier(parts) => match parts.as_slice() {
                [.., table, column] => self.env.resolve(Some(table), column, self.aliases),
                [column] => self.env.resolve(None, column, self.aliases),
                [] => Cost::NODE,
            },
            _ => Cost::NODE,
        };
        let heavy = Cost {
            nodes: 0,
            heavy: u64::from(is_heavy(expr)),
        };
        self.cost = self.cost.plus(own).plus(heavy);
        ControlFlow::Continue(())
    }
}
