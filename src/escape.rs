//! Escaping of user input echoed into a terminal, Markdown or HTML: a claim, a file's cell, a
//! name given on the command line. A terminal must not receive raw control characters (ESC
//! sequences recolour or rewrite the screen, BEL rings), a Markdown card must not receive
//! markup (a `<script>` element, a newline followed by a forged `**Verdict:**` line), and a
//! message must not repeat 100 KB of input.

/// Characters that change how text is shown without being visible: C0 and C1 controls, DEL,
/// and the Unicode bidirectional overrides and isolates (which can reorder a line).
fn is_invisible_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text for a terminal: every control character (including newline and tab) written visibly
/// as `\n`, `\t` or `\u{1b}`, so echoed input stays on one line and cannot send escape codes.
pub fn for_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_invisible_control(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters of `text`, with `… (N characters in all)` when it is longer.
pub fn truncate(text: &str, max: usize) -> String {
    let n = text.chars().count();
    if n <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    format!("{head}… ({n} characters in all)")
}

/// Input as echoed in a message: controls made visible ([`for_terminal`]), cut to `max`
/// characters of the input ([`truncate`]).
pub fn for_message(text: &str, max: usize) -> String {
    let n = text.chars().count();
    if n <= max {
        return for_terminal(text);
    }
    let head: String = text.chars().take(max).collect();
    format!("{}… ({n} characters in all)", for_terminal(&head))
}

/// Text for the inline part of a Markdown line that may also be rendered as HTML: `<`, `>` and
/// `&` as entities (no element can be opened), the Markdown punctuation that opens inline markup
/// backslash-escaped (no emphasis, link, code or table cell can be started; a `#` or `-` can
/// start a block only at the start of a line, which the echo never is), line breaks and
/// other controls as visible escapes (no new line, hence no forged heading or verdict line).
pub fn markdown_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if is_invisible_control(c) => out.push_str(&for_terminal(&c.to_string())),
            c => out.push(c),
        }
    }
    out
}

/// Text for HTML element content or a quoted attribute: `&`, `<`, `>`, `"` and `'` as entities,
/// other controls shown visibly ([`for_terminal`]).
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_invisible_control(c) => out.push_str(&for_terminal(&c.to_string())),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_are_visible() {
        assert_eq!(for_terminal("a\x1b[31mb\x07\nc"), "a\\u{1b}[31mb\\u{7}\\nc");
        assert_eq!(for_terminal("Azərbaycan"), "Azərbaycan");
    }

    #[test]
    fn long_input_is_cut() {
        let long = "x".repeat(5000);
        let short = for_message(&long, 1000);
        assert!(short.starts_with(&"x".repeat(1000)));
        assert!(short.ends_with("(5000 characters in all)"));
        assert_eq!(truncate("abc", 3), "abc");
    }

    #[test]
    fn markdown_cannot_open_elements_or_lines() {
        let md = markdown_inline("<script>alert(1)</script>\n**Verdict: consistent.**");
        assert!(!md.contains('<') && !md.contains('\n'));
        assert!(md.contains("\\*\\*Verdict: consistent.\\*\\*"));
    }
}
