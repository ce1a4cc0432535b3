//! A strict RFC 4180 record reader over a file held in memory.
//!
//! Why not the `csv` crate: it is deliberately lenient (a stray or unbalanced
//! quote never errors, it silently swallows text), but the import must report
//! an unparseable row as `file:line: reason` and carry on with the next line.
//! The Ergast files are at most a few MB, so reading them whole is fine.

/// UTF-8 byte-order mark; the fatal-accident files start with one.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One parsed record. Buffers are reused between records to avoid
/// allocating per row.
#[derive(Debug, Default)]
pub(crate) struct Record {
    /// 1-based line on which the record starts.
    pub line: usize,
    bytes: Vec<u8>,
    ends: Vec<usize>,
    quoted: Vec<bool>,
}

impl Record {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The unescaped bytes of field `i`.
    pub fn field(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    /// Whether field `i` was written in quotes (`""` is an empty string,
    /// an unquoted empty field is a missing value).
    pub fn is_quoted(&self, i: usize) -> bool {
        self.quoted[i]
    }

    fn clear(&mut self, line: usize) {
        self.line = line;
        self.bytes.clear();
        self.ends.clear();
        self.quoted.clear();
    }

    fn end_field(&mut self, quoted: bool) {
        self.ends.push(self.bytes.len());
        self.quoted.push(quoted);
    }
}

/// What [`CsvReader::next_record`] found.
#[derive(Debug, PartialEq)]
pub(crate) enum Next {
    /// A record was parsed into the caller's [`Record`].
    Record,
    /// The record starting on `line` is not valid CSV; the reader has moved
    /// on to the following line.
    Malformed {
        /// 1-based line where the bad record starts.
        line: usize,
        /// Why it could not be parsed.
        reason: &'static str,
    },
    /// No more data.
    End,
}

/// Reads records one by one; blank lines are skipped.
pub(crate) struct CsvReader<'a> {
    data: &'a [u8],
    pos: usize,
    line: usize,
}

impl<'a> CsvReader<'a> {
    /// A reader over a whole file; a leading byte-order mark is dropped.
    pub fn new(data: &'a [u8]) -> Self {
        let data = data.strip_prefix(BOM).unwrap_or(data);
        CsvReader {
            data,
            pos: 0,
            line: 1,
        }
    }

    /// Parses the next record into `rec`.
    pub fn next_record(&mut self, rec: &mut Record) -> Next {
        self.skip_blank_lines();
        if self.pos >= self.data.len() {
            return Next::End;
        }
        let start_pos = self.pos;
        let start_line = self.line;
        rec.clear(start_line);
        match self.parse_fields(rec) {
            Ok(()) => Next::Record,
            Err(reason) => {
                // Resume right after the line the bad record started on, so
                // one broken quote costs one line, not the rest of the file.
                self.pos = match self.data[start_pos..].iter().position(|&b| b == b'\n') {
                    Some(nl) => start_pos + nl + 1,
                    None => self.data.len(),
                };
                self.line = start_line + 1;
                Next::Malformed {
                    line: start_line,
                    reason,
                }
            }
        }
    }

    fn skip_blank_lines(&mut self) {
        loop {
            let rest = &self.data[self.pos..];
            if rest.starts_with(b"\n") {
                self.pos += 1;
            } else if rest.starts_with(b"\r\n") {
                self.pos += 2;
            } else {
                return;
            }
            self.line += 1;
        }
    }

    /// Parses fields up to and including the end of the record.
    fn parse_fields(&mut self, rec: &mut Record) -> Result<(), &'static str> {
        loop {
            let quoted = self.data.get(self.pos) == Some(&b'"');
            if quoted {
                self.pos += 1;
                self.quoted_field(rec)?;
            } else {
                self.unquoted_field(rec)?;
            }
            rec.end_field(quoted);
            match self.data.get(self.pos) {
                None => return Ok(()),
                Some(b',') => self.pos += 1,
                Some(b'\n') => {
                    self.pos += 1;
                    self.line += 1;
                    return Ok(());
                }
                Some(b'\r') if self.data.get(self.pos + 1) == Some(&b'\n') => {
                    self.pos += 2;
                    self.line += 1;
                    return Ok(());
                }
                Some(_) => return Err("unexpected character after a closing quote"),
            }
        }
    }

    /// Reads up to the next `,`, newline or end; a quote here is an error.
    fn unquoted_field(&mut self, rec: &mut Record) -> Result<(), &'static str> {
        let rest = &self.data[self.pos..];
        let len = rest
            .iter()
            .position(|&b| b == b',' || b == b'\n' || b == b'"')
            .unwrap_or(rest.len());
        if rest.get(len) == Some(&b'"') {
            return Err("quote inside an unquoted field");
        }
        let mut field = &rest[..len];
        self.pos += len;
        if rest.get(len) == Some(&b'\n') {
            // CRLF files: the `\r` belongs to the line ending, not the value.
            field = field.strip_suffix(b"\r").unwrap_or(field);
        }
        rec.bytes.extend_from_slice(field);
        Ok(())
    }

    /// Reads a quoted field whose opening quote was consumed; `""` is a quote.
    fn quoted_field(&mut self, rec: &mut Record) -> Result<(), &'static str> {
        loop {
            let rest = &self.data[self.pos..];
            let Some(q) = rest.iter().position(|&b| b == b'"') else {
                return Err("unterminated quoted field");
            };
            let chunk = &rest[..q];
            self.line += chunk.iter().filter(|&&b| b == b'\n').count();
            rec.bytes.extend_from_slice(chunk);
            if rest.get(q + 1) == Some(&b'"') {
                rec.bytes.push(b'"');
                self.pos += q + 2;
            } else {
                self.pos += q + 1;
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A parsed record (line, fields) or a parse error (line, reason).
    type Parsed = Result<(usize, Vec<String>), (usize, &'static str)>;

    fn parse_all(text: &[u8]) -> Vec<Parsed> {
        let mut reader = CsvReader::new(text);
        let mut rec = Record::default();
        let mut out = Vec::new();
        for _ in 0..100 {
            match reader.next_record(&mut rec) {
                Next::End => return out,
                Next::Malformed { line, reason } => out.push(Err((line, reason))),
                Next::Record => {
                    let fields = (0..rec.len())
                        .map(|i| String::from_utf8_lossy(rec.field(i)).into_owned())
                        .collect();
                    out.push(Ok((rec.line, fields)));
                }
            }
        }
        panic!("reader did not terminate");
    }

    fn ok(line: usize, fields: &[&str]) -> Parsed {
        Ok((line, fields.iter().map(|s| s.to_string()).collect()))
    }

    #[test]
    fn mixed_quoting_bom_crlf_and_escaped_quotes() {
        let out = parse_all(b"\xEF\xBB\xBFa,b\r\n1,\"x \"\"y\"\"\"\r\n\n\"2\",\\N,\n");
        assert_eq!(
            out,
            vec![
                ok(1, &["a", "b"]),
                ok(2, &["1", "x \"y\""]),
                ok(4, &["2", "\\N", ""])
            ]
        );
    }

    #[test]
    fn quoted_and_unquoted_empty_fields_are_told_apart() {
        let mut reader = CsvReader::new(b"\"\",\n");
        let mut rec = Record::default();
        assert_eq!(reader.next_record(&mut rec), Next::Record);
        assert_eq!(rec.len(), 2);
        assert!(rec.is_quoted(0));
        assert!(!rec.is_quoted(1));
    }

    #[test]
    fn multi_line_quoted_field_keeps_line_numbers() {
        let out = parse_all(b"1,\"a\nb\"\n2,c\n");
        assert_eq!(out, vec![ok(1, &["1", "a\nb"]), ok(3, &["2", "c"])]);
    }

    #[test]
    fn broken_quoting_is_reported_and_the_next_line_still_parses() {
        let out = parse_all(b"1,ab\"c\n2,\"x\"y\n3,ok\n4,\"open\n5,z\n");
        assert_eq!(
            out,
            vec![
                Err((1, "quote inside an unquoted field")),
                Err((2, "unexpected character after a closing quote")),
                ok(3, &["3", "ok"]),
                Err((4, "unterminated quoted field")),
                ok(5, &["5", "z"]),
            ]
        );
    }
}
