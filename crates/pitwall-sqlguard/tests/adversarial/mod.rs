//! Adversarial queries for every allowlisted function: the largest values the
//! execution limits allow, several calls per row, nested calls, and a cross
//! join, a recursive CTE or query flattening to multiply them.

/// The execution limits the queries are sized against.
pub struct Sizes {
    /// Largest string or blob, in bytes.
    pub value: usize,
    /// Longest LIKE / GLOB pattern, in bytes.
    pub like_pattern: usize,
    /// Most arguments to one function call.
    pub function_args: usize,
    /// Longest character set `trim` may strip.
    pub trim_chars: usize,
}

/// How one expression is turned into a whole query.
pub enum Shape {
    /// Eight copies per row over a 33-million-row cross join of big values.
    Row(&'static str),
    /// Computed once in a CTE that is referenced eight times per row, which
    /// SQLite's query flattener turns into eight copies.
    Flattened(&'static str),
    /// Eight copies per row over an endless recursive CTE of big values.
    Recursive(&'static str),
    /// A whole query; `{BIG}` is the cross-join CTE of [`Shape::Row`].
    Query(&'static str),
}

use Shape::{Flattened, Query, Recursive, Row};

/// The cross join behind most cases: `s` is a longest string, `t` a
/// half-length needle that never matches, `u` a longest string of two-byte
/// characters, `n` an integer.
const BIG: &str = "big(s, t, u, n) AS (SELECT printf('%.*c', {S}, 'a') || a.resultId, \
    printf('%.*c', {H1}, 'a') || 'b', printf('%.*c', {U}, 'é') || a.resultId, a.resultId \
    FROM results a, results b)";

/// The same values over a recursive CTE that never ends. It carries only the
/// counter: a queued row holding all three values would be over the size cap.
const RECURSIVE_BIG: &str = "WITH RECURSIVE r(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM r), \
    big(s, t, u, n) AS (SELECT printf('%.*c', {S}, 'a') || (n % 10), \
    printf('%.*c', {H1}, 'a') || 'b', printf('%.*c', {U}, 'é') || (n % 10), n FROM r)";

/// The cases for `function`, or `None` when it has none yet: a function added
/// to the allowlist must come with its own adversarial cases.
pub fn cases(function: &str) -> Option<Vec<Shape>> {
    let cases = match function {
        "count" => vec![
            Query("WITH {BIG} SELECT count(DISTINCT s), count(u), count(*) FROM big"),
            Query("WITH {BIG} SELECT count(DISTINCT t || n) FROM (SELECT * FROM big LIMIT 5000)"),
        ],
        "sum" => vec![Query("WITH {BIG} SELECT sum(length(s)), sum(s), sum(DISTINCT u) FROM big")],
        "avg" => vec![Query("WITH {BIG} SELECT avg(length(s)), avg(s), avg(DISTINCT u) FROM big")],
        "total" => vec![Query("WITH {BIG} SELECT total(s), total(DISTINCT u) FROM big")],
        "min" => vec![
            Query("WITH {BIG} SELECT length(min(s)), length(min(DISTINCT u)) FROM big"),
            Row("min(s, t, u, s, t, u, s, t, u, s, t, u)"),
        ],
        "max" => vec![
            Query("WITH {BIG} SELECT length(max(s)), length(max(DISTINCT u)) FROM big"),
            Row("max(s, t, u, s, t, u, s, t, u, s, t, u)"),
        ],
        "group_concat" => vec![
            Query("WITH {BIG} SELECT length(group_concat(s)) FROM big"),
            Query("WITH {BIG} SELECT length(group_concat(substr(s, 1, 8), t)) FROM big"),
            Query("WITH {BIG} SELECT length(group_concat(DISTINCT substr(s, n % 100))) FROM big"),
            Query("WITH {BIG} SELECT length(group_concat(substr(s, 1, {K}), ',') OVER (ORDER BY n ROWS BETWEEN 90 PRECEDING AND CURRENT ROW)) FROM big"),
        ],
        "string_agg" => vec![
            Query("WITH {BIG} SELECT length(string_agg(substr(s, 1, 8), t)) FROM big"),
            Query("WITH {BIG} SELECT length(string_agg(substr(t, 1, {K}), ',') OVER (ORDER BY n DESC ROWS BETWEEN 90 PRECEDING AND CURRENT ROW)) FROM big"),
        ],
        "row_number" => vec![
            Query("WITH {BIG} SELECT row_number() OVER (ORDER BY s) FROM big"),
            Query("WITH {BIG} SELECT row_number() OVER (PARTITION BY t ORDER BY n DESC) FROM (SELECT * FROM big LIMIT 3000)"),
        ],
        "rank" => vec![Query("WITH {BIG} SELECT rank() OVER (ORDER BY u) FROM big")],
        "dense_rank" => vec![Query("WITH {BIG} SELECT dense_rank() OVER (ORDER BY u) FROM (SELECT * FROM big LIMIT 3000)")],
        "percent_rank" => vec![Query("WITH {BIG} SELECT percent_rank() OVER (ORDER BY s) FROM big")],
        "cume_dist" => vec![Query("WITH {BIG} SELECT cume_dist() OVER (PARTITION BY t ORDER BY n DESC) FROM big")],
        "ntile" => vec![
            Query("WITH {BIG} SELECT ntile(n) OVER (ORDER BY s) FROM big"),
            Query("WITH {BIG} SELECT ntile(1000000) OVER (ORDER BY t, n DESC) FROM big"),
        ],
        "lag" => vec![Query("WITH {BIG} SELECT length(lag(t, 5000, 'x') OVER (ORDER BY n DESC)) FROM big")],
        "lead" => vec![Query("WITH {BIG} SELECT length(lead(t, 5000) OVER (ORDER BY n DESC)) FROM big")],
        "first_value" => vec![Query("WITH {BIG} SELECT length(first_value(t) OVER (ORDER BY n DESC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) FROM big")],
        "last_value" => vec![Query("WITH {BIG} SELECT length(last_value(u) OVER (ORDER BY n ROWS BETWEEN CURRENT ROW AND 100000 FOLLOWING)) FROM big")],
        "nth_value" => vec![Query("WITH {BIG} SELECT length(nth_value(s, 100000) OVER (ORDER BY n)) FROM big")],
        "coalesce" => vec![Row("coalesce(NULL, NULL, s, t)")],
        "ifnull" => vec![Row("ifnull(NULL, u)")],
        "nullif" => vec![Row("nullif(s, u)")],
        "iif" => vec![Row("iif(n % 2, s, u)")],
        "if" => vec![Row("if(n % 2, s, u)")],
        "likely" => vec![Row("likely(s)")],
        "unlikely" => vec![Row("unlikely(u)")],
        "likelihood" => vec![Row("likelihood(s, 0.5)")],
        "lower" => vec![Row("lower(upper(lower(upper(u))))")],
        "upper" => vec![Row("upper(lower(upper(lower(s))))")],
        "length" => vec![Row("length(u) + length(s)")],
        "octet_length" => vec![Row("octet_length(u)")],
        "substr" => vec![Row("substr(u, -{U}, {U})"), Row("substr(substr(substr(u, 2), 2), 2)")],
        "substring" => vec![Row("substring(u, -{U}, {U})")],
        "trim" => vec![
            Row("trim(s)"),
            Row("trim(s, {TRIM})"),
            Row("trim(u, t)"),
            Recursive("trim(s, t)"),
        ],
        "ltrim" => vec![Row("ltrim(s, {TRIM})"), Row("ltrim(u, s)"), Flattened("ltrim(u, {TRIM})")],
        "rtrim" => vec![Row("rtrim(s, {TRIM})"), Row("rtrim(s, t)"), Recursive("rtrim(u, {TRIM})")],
        "replace" => vec![
            Row("replace(s, t, 'x')"),
            Row("replace(s, 'aaaaaaaaaaaaaaaaaaaaaaaab', 'x')"),
            Row("replace(replace(s, 'a', 'bb'), 'b', 'cc')"),
            Row("replace(replace(replace(s, 'a', 'b'), 'b', 'c'), 'c', 'd')"),
            Flattened("replace(s, t, 'x')"),
            Recursive("replace(u, substr(u, 1, {H}) || 'x', '')"),
        ],
        "instr" => vec![
            Row("instr(s, t)"),
            Row("instr(u, substr(u, 3) || 'x')"),
            Flattened("instr(s, t)"),
            Recursive("instr(s, t)"),
            Query("WITH {BIG} SELECT max(instr(instr(s, t) || s, t)) FROM big"),
        ],
        "printf" => vec![
            Row("printf('%.*c', {S}, 'x')"),
            Row("printf('%*d', {S}, n)"),
            Row("printf('%.*f', {S}, n + 0.5)"),
            Row("printf('%!.*s', {S}, u)"),
            Row("printf('%q', printf('%.*c', {H}, ''''))"),
            Row("printf('%w%w', t, t)"),
            Row("printf('%s', printf('%s', printf('%s', s)))"),
            Row("printf('%.*c', 2147483647, 'x') || printf('%2147483647d', n)"),
            Flattened("printf('%.*c%s', {H}, 'x', t)"),
        ],
        "format" => vec![Row("format('%.*c', {S}, 'x')"), Recursive("format('%s%s', t, t)")],
        "concat" => vec![Row("concat(s, t)"), Row("concat(t, substr(s, 1, {H} - 16))")],
        "concat_ws" => vec![
            Row("concat_ws(t, {ARGS_AB})"),
            Row("concat_ws(',', t, substr(s, 1, {H} - 16))"),
        ],
        "char" => vec![Row("char({ARGS_N})")],
        "unicode" => vec![Row("unicode(u) + unicode(s)")],
        "hex" => vec![
            Row("hex(substr(s, 1, {H} - 1))"),
            Row("hex(s)"),
            Row("hex(hex(substr(s, 1, {Q} - 1)))"),
        ],
        "quote" => vec![Row("quote(s)"), Row("quote(printf('%.*c', {H} - 2, ''''))")],
        "like" => vec![
            Row("s LIKE '%' || printf('%.*c', {P}, 'a') || 'b'"),
            Row("like('%' || printf('%.*c', {P}, '_') || 'b', u)"),
            Row("s LIKE replace(printf('%.*c', {P2}, 'x'), 'x', '%a') || 'b'"),
            Row("s LIKE t"),
            Row("like('%a%', s, '!')"),
            Flattened("u LIKE '%' || printf('%.*c', {P2}, 'é') || 'b'"),
        ],
        "glob" => vec![
            Row("s GLOB '*[' || printf('%.*c', {P} - 2, 'b') || ']b'"),
            Row("glob('*' || printf('%.*c', {P}, '?') || 'b', s)"),
            Row("s GLOB '*' || replace(printf('%.*c', {P3}, 'x'), 'x', '[a]') || 'b'"),
            Row("s GLOB replace(printf('%.*c', {P2}, 'x'), 'x', '*a') || 'b'"),
            Flattened("u GLOB '*[^' || printf('%.*c', {P2} - 2, 'é') || ']'"),
        ],
        "typeof" => vec![Row("typeof(s) || typeof(u)")],
        "abs" => vec![Row("abs(s) + abs(u)")],
        "round" => vec![Row("round(n + 0.5, 1000)"), Row("round(s, n)")],
        "sign" => vec![Row("sign(s)")],
        "ceil" => vec![Row("ceil(s)")],
        "ceiling" => vec![Row("ceiling(n + 0.5)")],
        "floor" => vec![Row("floor(s)")],
        "trunc" => vec![Row("trunc(u)")],
        "sqrt" => vec![Row("sqrt(s)")],
        "pow" => vec![Row("pow(n, 1e308)")],
        "power" => vec![Row("power(s, n)")],
        "exp" => vec![Row("exp(n)")],
        "ln" => vec![Row("ln(s)")],
        "log" => vec![Row("log(2, n) + log(s)")],
        "log10" => vec![Row("log10(n)")],
        "log2" => vec![Row("log2(n)")],
        "mod" => vec![Row("mod(n, 7)")],
        "pi" => vec![Row("pi() * n")],
        "random" => vec![Row("random() + n")],
        "date" => vec![Row("date(s)"), Row("date('2020-01-01', {ARGS_DAY})")],
        "time" => vec![Row("time(u, 'unixepoch', 'localtime')")],
        "datetime" => vec![Row("datetime(n, 'unixepoch', {ARGS_DAY})")],
        "julianday" => vec![Row("julianday(s)")],
        "strftime" => vec![
            Row("strftime(printf('%.*c', {H} - 2, '%') || 'Y', '2020-01-01')"),
            Row("strftime(replace(printf('%.*c', {Q}, 'x'), 'x', '%c%j'), n, 'unixepoch')"),
        ],
        "unixepoch" => vec![Row("unixepoch(u, 'auto')")],
        "timediff" => vec![Row("timediff(s, t)")],
        "cast" => vec![
            Row("cast(s AS REAL)"),
            Row("cast(printf('%.*c', {S}, '9') || n AS INTEGER)"),
            Row("cast('0.' || printf('%.*c', {S}, '9') AS NUMERIC)"),
        ],
        _ => return None,
    };
    Some(cases)
}

/// The SQL of one case, with every size placeholder filled in.
pub fn render(shape: &Shape, sizes: &Sizes) -> String {
    let copies = |expr: &str| {
        (1..=8)
            .map(|i| format!("max(length({expr})) AS c{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let template = match shape {
        Row(expr) => format!("WITH {BIG} SELECT {} FROM big", copies(expr)),
        Flattened(expr) => format!(
            "WITH {BIG}, m(v) AS (SELECT {expr} FROM big) SELECT max({}) FROM m",
            ["length(v)"; 8].join(" + ")
        ),
        Recursive(expr) => format!("{RECURSIVE_BIG} SELECT {} FROM big", copies(expr)),
        Query(sql) => sql.replace("{BIG}", BIG),
    };
    let list = |item: &str| vec![item; sizes.function_args - 1].join(", ");
    // Room for the time value and `'unixepoch'` before the modifiers.
    let days = vec!["'+1 day'"; sizes.function_args - 3].join(", ");
    // The longest set allowed, with the character to strip last.
    let trim_set = format!("'{}a'", "b".repeat(sizes.trim_chars - 1));
    let value = sizes.value;
    let pattern = sizes.like_pattern - 2;
    template
        .replace("{BIG}", BIG)
        .replace("{ARGS_AB}", &list("'ab'"))
        .replace("{ARGS_N}", &list("1114111 - n"))
        .replace("{ARGS_DAY}", &days)
        .replace("{TRIM}", &trim_set)
        .replace("{S}", &(value - 16).to_string())
        .replace("{H1}", &(value / 2 - 1).to_string())
        .replace("{H}", &(value / 2).to_string())
        .replace("{U}", &((value - 16) / 2).to_string())
        .replace("{Q}", &(value / 4).to_string())
        .replace("{K}", &(value / 100).to_string())
        .replace("{P}", &pattern.to_string())
        .replace("{P2}", &(pattern / 2).to_string())
        .replace("{P3}", &(pattern / 3).to_string())
}
