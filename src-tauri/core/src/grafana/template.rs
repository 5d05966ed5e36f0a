//! Template variables in titles, the way Grafana writes them (docs "Variable syntax"):
//! `$name`, `${name}`, `${name:format}` and the deprecated `[[name]]` / `[[name:format]]`.
//! Replaced in one pass, longest name first by construction (a name runs to the end of its word
//! characters), so `$environment` is never read as `$env` + `ironment`. Unknown names and
//! Grafana's built-ins (`$__from`, `${__all_variables}`) are left as written, as Grafana does.

/// Fills the variables of `text`; `values(name)` gives a variable's values, `None` when unknown.
pub fn interpolate<'a>(text: &str, values: impl Fn(&str) -> Option<Vec<&'a str>>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['$', '[']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match parse_ref(rest) {
            Some((name, format, len)) => match values(name) {
                Some(v) => {
                    out.push_str(&format_values(&v, format));
                    rest = &rest[len..];
                }
                None => {
                    out.push_str(&rest[..len]);
                    rest = &rest[len..];
                }
            },
            None => {
                let c = rest.chars().next().map_or(1, char::len_utf8);
                out.push_str(&rest[..c]);
                rest = &rest[c..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn word_len(s: &str) -> usize {
    s.find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len())
}

/// `(name, format, bytes consumed)` of a variable reference at the start of `s`.
fn parse_ref(s: &str) -> Option<(&str, Option<&str>, usize)> {
    // `${name[:format]}` and `[[name[:format]]]`: the same inside, different brackets.
    for (open, close) in [("${", "}"), ("[[", "]]")] {
        if let Some(body) = s.strip_prefix(open) {
            let end = body.find(close)?;
            let (name, format) = match body[..end].split_once(':') {
                Some((n, f)) => (n, Some(f)),
                None => (&body[..end], None),
            };
            // `${var.field}` (object fields) is left to Grafana.
            let plain = !name.is_empty() && word_len(name) == name.len();
            return plain.then_some((name, format, open.len() + end + close.len()));
        }
    }
    let body = s.strip_prefix('$')?;
    let n = word_len(body);
    (n > 0).then(|| (&body[..n], None, n + 1))
}

/// Several values as Grafana's formats write them; a single value as it is.
fn format_values(values: &[&str], format: Option<&str>) -> String {
    if let [one] = values {
        return match format {
            Some("json") => format!("\"{}\"", one.replace('"', "\\\"")),
            _ => (*one).to_string(),
        };
    }
    match format {
        Some("csv") | Some("raw") => values.join(","),
        Some("pipe") => values.join("|"),
        Some("glob") => format!("{{{}}}", values.join(",")),
        Some("json") => format!(
            "[{}]",
            values
                .iter()
                .map(|v| format!("\"{}\"", v.replace('"', "\\\"")))
                .collect::<Vec<_>>()
                .join(",")
        ),
        Some("singlequote") => values
            .iter()
            .map(|v| format!("'{v}'"))
            .collect::<Vec<_>>()
            .join(","),
        Some("doublequote") => values
            .iter()
            .map(|v| format!("\"{v}\""))
            .collect::<Vec<_>>()
            .join(","),
        // Grafana's `text` format, and what a title shows by default.
        _ => values.join(" + "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(name: &str) -> Option<Vec<&'static str>> {
        match name {
            "env" => Some(vec!["prod"]),
            "environment" => Some(vec!["staging"]),
            "region" => Some(vec!["eu", "us"]),
            _ => None,
        }
    }

    #[test]
    fn every_syntax_in_one_pass() {
        assert_eq!(interpolate("$environment vs $env", vars), "staging vs prod");
        assert_eq!(interpolate("${env}-x", vars), "prod-x");
        assert_eq!(
            interpolate("[[env]] and [[region:csv]]", vars),
            "prod and eu,us"
        );
        assert_eq!(interpolate("${region}", vars), "eu + us");
        assert_eq!(
            interpolate("${region:pipe} ${region:glob}", vars),
            "eu|us {eu,us}"
        );
        assert_eq!(interpolate("${region:json}", vars), r#"["eu","us"]"#);
        assert_eq!(interpolate("$envx", vars), "$envx", "unknown names stay");
        assert_eq!(
            interpolate("${__from} $__interval", vars),
            "${__from} $__interval"
        );
        assert_eq!(interpolate("Cost $ 5 [x] $", vars), "Cost $ 5 [x] $");
        assert_eq!(interpolate("Ünïcode $env ✓", vars), "Ünïcode prod ✓");
        assert_eq!(interpolate("${env.name}", vars), "${env.name}");
        assert_eq!(interpolate("${env", vars), "${env");
    }
}
