//! The scenario format: a script of shell-style command lines, and the transcript of a run.
//!
//! A script is what a user would type into a terminal, one command per line:
//!
//! ```text
//! # comments and blank lines are skipped
//! kubectl get events --watch &
//! kubectl apply -f - <<EOF
//! apiVersion: apps/v1
//! ...
//! EOF
//! kubectl rollout status deployment/web
//! ```
//!
//! Words are split as a POSIX shell splits them (single quotes, double quotes with `\"`,
//! `\\`, `\$`, `` \` `` escapes, backslash escapes outside quotes, backslash-newline
//! continuation, quotes spanning lines). `<<WORD`, `<<'WORD'`, `<<"WORD"` and `<<-WORD`
//! feed the following lines as stdin; a trailing unquoted `&` runs the command in the
//! background. Shell features this format does not implement (pipes, `;`, `&&`, output
//! redirection, `$VAR` and `$(...)` expansion, backticks) are reported as errors rather
//! than passed through, so a script never means something different here than in `sh`.
//!
//! Pure code: no I/O. The CLI and the browser page both use it.

use crate::engine::{Chunk, Engine, ExecOutput};
use serde::Serialize;
use std::fmt;

/// One command of a script, ready to hand to [`Engine::exec`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptCommand {
    /// 1-based line where the command starts.
    pub line: u32,
    /// The command as written (continuation lines included, heredoc body excluded), for
    /// the `$ ` echo in a transcript.
    pub text: String,
    /// The words after quote removal.
    pub argv: Vec<String>,
    /// The heredoc body, if the command has one (each line ends with `\n`).
    pub stdin: Option<String>,
    /// The command ended with an unquoted `&`.
    pub background: bool,
}

/// A malformed script: where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptError {
    /// 1-based line of the problem.
    pub line: u32,
    /// What is wrong, e.g. `unterminated quote`.
    pub message: String,
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ScriptError {}

/// Result of parsing input that may still be growing (a REPL or a browser console).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseStatus {
    /// Every command is complete.
    Complete(Vec<ScriptCommand>),
    /// More lines could complete the input (open quote, trailing backslash, heredoc without
    /// its terminator yet). Carries the error that end of input would produce.
    Incomplete(ScriptError),
    /// The input is malformed whatever follows.
    Error(ScriptError),
}

/// Parse a whole script. Comment and blank lines are skipped; see the module docs for the
/// syntax.
pub fn parse_script(text: &str) -> Result<Vec<ScriptCommand>, ScriptError> {
    match parse(text, false) {
        Ok(cmds) => Ok(cmds),
        Err(Fail::Incomplete(e)) | Err(Fail::Error(e)) => Err(e),
    }
}

/// Parse input typed so far. Unlike [`parse_script`], a backslash-newline at the very end
/// asks for more input instead of ending the command.
pub fn parse_incremental(text: &str) -> ParseStatus {
    match parse(text, true) {
        Ok(cmds) => ParseStatus::Complete(cmds),
        Err(Fail::Incomplete(e)) => ParseStatus::Incomplete(e),
        Err(Fail::Error(e)) => ParseStatus::Error(e),
    }
}

/// Split one command line into words, as `sh` would (quotes, escapes, `#` comments).
/// An empty or comment-only line gives no words. Heredocs, `&` and multi-line input are
/// rejected: use [`parse_incremental`] for those.
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut cmds = parse_script(line).map_err(|e| e.message)?;
    if cmds.len() > 1 {
        return Err("expected a single command line".to_string());
    }
    let Some(cmd) = cmds.pop() else {
        return Ok(Vec::new());
    };
    if cmd.background {
        return Err("background commands (`&`) are not supported here".to_string());
    }
    if cmd.stdin.is_some() {
        return Err("heredocs (`<<`) are not supported here".to_string());
    }
    Ok(cmd.argv)
}

enum Fail {
    Incomplete(ScriptError),
    Error(ScriptError),
}

fn error(line: u32, message: impl Into<String>) -> Fail {
    Fail::Error(ScriptError {
        line,
        message: message.into(),
    })
}

fn incomplete(line: u32, message: impl Into<String>) -> Fail {
    Fail::Incomplete(ScriptError {
        line,
        message: message.into(),
    })
}

const UNTERMINATED_QUOTE: &str = "unterminated quote";

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    line: u32,
    /// Input may grow: a continuation at end of input is incomplete, not finished.
    interactive: bool,
}

impl Lexer {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn skip_to_eol(&mut self) {
        while let Some(c) = self.peek() {
            if c == '\n' {
                break;
            }
            self.bump();
        }
    }

    /// At a `$` (already consumed): reject expansions we do not implement.
    fn check_dollar(&self) -> Result<(), Fail> {
        match dollar_problem(&self.chars[self.pos..]) {
            Some(msg) => Err(error(self.line, msg)),
            None => Ok(()),
        }
    }
}

/// Why the text after a `$` would be expanded by `sh`, or `None` when the `$` is literal.
fn dollar_problem(after: &[char]) -> Option<String> {
    let next = *after.first()?;
    if next == '(' {
        return Some("command substitution `$(...)` is not supported".to_string());
    }
    if next == '{' || next.is_ascii_alphabetic() || next == '_' {
        let name: String = after
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == '_' || **c == '{')
            .collect();
        let name = name.trim_start_matches('{');
        return Some(format!(
            "shell variables are not supported (`${name}`); write the value out or quote the `$` with '...'"
        ));
    }
    if next.is_ascii_digit() || "?#@*!$-".contains(next) {
        return Some(format!(
            "special shell parameters are not supported (`${next}`)"
        ));
    }
    None
}

struct Heredoc {
    delim: String,
    quoted: bool,
    strip_tabs: bool,
    line: u32,
}

/// Words of the command being parsed, and the heredoc it names.
#[derive(Default)]
struct Words {
    words: Vec<String>,
    cur: String,
    in_word: bool,
    /// Some part of the current word was quoted or escaped.
    quoted: bool,
    /// `Some((strip_tabs, line))` right after `<<`, until the delimiter word is read.
    want_delim: Option<(bool, u32)>,
    heredoc: Option<Heredoc>,
}

impl Words {
    fn finish(&mut self) {
        if !self.in_word {
            return;
        }
        let word = std::mem::take(&mut self.cur);
        if let Some((strip_tabs, line)) = self.want_delim.take() {
            self.heredoc = Some(Heredoc {
                delim: word,
                quoted: self.quoted,
                strip_tabs,
                line,
            });
        } else {
            self.words.push(word);
        }
        self.in_word = false;
        self.quoted = false;
    }
}

fn parse(text: &str, interactive: bool) -> Result<Vec<ScriptCommand>, Fail> {
    let normalized = text.replace("\r\n", "\n");
    let mut lx = Lexer {
        chars: normalized.chars().collect(),
        pos: 0,
        line: 1,
        interactive,
    };
    let mut cmds = Vec::new();
    loop {
        // Blank lines, indentation and comment lines between commands.
        loop {
            match lx.peek() {
                Some(' ' | '\t' | '\n') => {
                    lx.bump();
                }
                Some('#') => lx.skip_to_eol(),
                _ => break,
            }
        }
        if lx.peek().is_none() {
            break;
        }
        if let Some(cmd) = parse_command(&mut lx)? {
            cmds.push(cmd);
        }
    }
    Ok(cmds)
}

/// Parse one command starting at a non-blank character; consumes its line(s), including
/// the newline and any heredoc body. `None` when the line held no words (e.g. a lone `\`).
fn parse_command(lx: &mut Lexer) -> Result<Option<ScriptCommand>, Fail> {
    let start_line = lx.line;
    let start_pos = lx.pos;
    let mut w = Words::default();
    let mut background = false;
    let end_pos;

    loop {
        let Some(c) = lx.peek() else {
            end_pos = lx.pos;
            break;
        };
        match c {
            '\n' => {
                end_pos = lx.pos;
                lx.bump();
                break;
            }
            ' ' | '\t' => {
                w.finish();
                lx.bump();
            }
            '#' if !w.in_word => lx.skip_to_eol(),
            _ if background => {
                return Err(error(
                    lx.line,
                    "`&` must end the command (one command per line)",
                ));
            }
            '\\' => {
                lx.bump();
                match lx.peek() {
                    Some('\n') => {
                        // Line continuation: the word (if any) goes on.
                        lx.bump();
                        if lx.interactive && lx.peek().is_none() {
                            return Err(incomplete(
                                lx.line - 1,
                                "line continuation at end of input",
                            ));
                        }
                    }
                    None => {
                        if lx.interactive {
                            return Err(incomplete(lx.line, "line continuation at end of input"));
                        }
                    }
                    Some(n) => {
                        lx.bump();
                        w.cur.push(n);
                        w.in_word = true;
                        w.quoted = true;
                    }
                }
            }
            '\'' => {
                let open = lx.line;
                lx.bump();
                w.in_word = true;
                w.quoted = true;
                loop {
                    match lx.bump() {
                        None => return Err(incomplete(open, UNTERMINATED_QUOTE)),
                        Some('\'') => break,
                        Some(ch) => w.cur.push(ch),
                    }
                }
            }
            '"' => {
                let open = lx.line;
                lx.bump();
                w.in_word = true;
                w.quoted = true;
                loop {
                    match lx.bump() {
                        None => return Err(incomplete(open, UNTERMINATED_QUOTE)),
                        Some('"') => break,
                        Some('\\') => match lx.peek() {
                            Some(n @ ('"' | '\\' | '$' | '`')) => {
                                lx.bump();
                                w.cur.push(n);
                            }
                            Some('\n') => {
                                lx.bump();
                            }
                            None => return Err(incomplete(open, UNTERMINATED_QUOTE)),
                            Some(_) => w.cur.push('\\'),
                        },
                        Some('$') => {
                            lx.check_dollar()?;
                            w.cur.push('$');
                        }
                        Some('`') => {
                            return Err(error(
                                lx.line,
                                "command substitution with backquotes is not supported",
                            ));
                        }
                        Some(ch) => w.cur.push(ch),
                    }
                }
            }
            '&' => {
                w.finish();
                lx.bump();
                if lx.peek() == Some('&') {
                    return Err(error(
                        lx.line,
                        "`&&` is not supported: put each command on its own line",
                    ));
                }
                if w.want_delim.is_some() {
                    return Err(error(lx.line, "missing heredoc delimiter after `<<`"));
                }
                background = true;
            }
            '<' => {
                w.finish();
                lx.bump();
                if lx.peek() != Some('<') {
                    return Err(error(
                        lx.line,
                        "input redirection `<` is not supported: use a heredoc (`<<EOF`)",
                    ));
                }
                lx.bump();
                if lx.peek() == Some('<') {
                    return Err(error(lx.line, "here-strings (`<<<`) are not supported"));
                }
                let strip_tabs = lx.peek() == Some('-');
                if strip_tabs {
                    lx.bump();
                }
                if w.want_delim.is_some() {
                    return Err(error(lx.line, "missing heredoc delimiter after `<<`"));
                }
                if w.heredoc.is_some() {
                    return Err(error(lx.line, "only one heredoc per command is supported"));
                }
                w.want_delim = Some((strip_tabs, lx.line));
            }
            '|' => return Err(error(lx.line, "pipes (`|`) are not supported")),
            ';' => {
                return Err(error(
                    lx.line,
                    "`;` is not supported: put each command on its own line",
                ));
            }
            '>' => {
                return Err(error(lx.line, "output redirection (`>`) is not supported"));
            }
            '(' | ')' => {
                return Err(error(
                    lx.line,
                    format!("unexpected `{c}`: quote it if it is part of an argument"),
                ));
            }
            '`' => {
                return Err(error(
                    lx.line,
                    "command substitution with backquotes is not supported",
                ));
            }
            '$' => {
                lx.bump();
                lx.check_dollar()?;
                w.cur.push('$');
                w.in_word = true;
            }
            _ => {
                lx.bump();
                w.cur.push(c);
                w.in_word = true;
            }
        }
    }
    w.finish();

    if w.want_delim.is_some() {
        return Err(error(start_line, "missing heredoc delimiter after `<<`"));
    }
    if w.words.is_empty() {
        if background {
            return Err(error(start_line, "missing command before `&`"));
        }
        if w.heredoc.is_some() {
            return Err(error(start_line, "missing command before the heredoc"));
        }
        return Ok(None);
    }

    let text: String = lx.chars[start_pos..end_pos].iter().collect();
    let text = text.trim_end().to_string();

    let stdin = match w.heredoc.take() {
        Some(h) => Some(read_heredoc(lx, &h)?),
        None => None,
    };

    Ok(Some(ScriptCommand {
        line: start_line,
        text,
        argv: w.words,
        stdin,
        background,
    }))
}

/// Read a heredoc body from the start of the line after its command, through the line
/// equal to the delimiter.
fn read_heredoc(lx: &mut Lexer, h: &Heredoc) -> Result<String, Fail> {
    let body_line = lx.line;
    let mut body = String::new();
    loop {
        if lx.peek().is_none() {
            return Err(incomplete(
                h.line,
                format!(
                    "unterminated heredoc <<{}: no line `{}` before end of input",
                    h.delim, h.delim
                ),
            ));
        }
        let mut raw = String::new();
        while let Some(c) = lx.bump() {
            if c == '\n' {
                break;
            }
            raw.push(c);
        }
        let line = if h.strip_tabs {
            raw.trim_start_matches('\t')
        } else {
            raw.as_str()
        };
        if line == h.delim {
            break;
        }
        body.push_str(line);
        body.push('\n');
    }
    if h.quoted {
        Ok(body)
    } else {
        unquoted_heredoc_body(&body, body_line)
    }
}

/// With an unquoted delimiter `sh` processes `\\`, `\$`, `` \` ``, backslash-newline and
/// expansions in the body; we do the escapes and reject expansions.
fn unquoted_heredoc_body(body: &str, first_line: u32) -> Result<String, Fail> {
    let chars: Vec<char> = body.chars().collect();
    let mut out = String::with_capacity(body.len());
    let mut line = first_line;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' => match chars.get(i + 1) {
                Some(&n @ ('\\' | '$' | '`')) => {
                    out.push(n);
                    i += 2;
                }
                Some('\n') => {
                    line += 1;
                    i += 2;
                }
                _ => {
                    out.push('\\');
                    i += 1;
                }
            },
            '$' => {
                if let Some(msg) = dollar_problem(&chars[i + 1..]) {
                    return Err(error(
                        line,
                        format!(
                            "{msg} (quote the heredoc delimiter, as in <<'EOF', to keep `$` literal)"
                        ),
                    ));
                }
                out.push('$');
                i += 1;
            }
            '`' => {
                return Err(error(
                    line,
                    "command substitution with backquotes is not supported (quote the heredoc delimiter, as in <<'EOF', to keep it literal)",
                ));
            }
            _ => {
                if c == '\n' {
                    line += 1;
                }
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

/// One executed command and everything it printed, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranscriptEntry {
    /// Script line of the command.
    pub line: u32,
    /// The command as written.
    pub command: String,
    /// Exit code.
    pub exit: i32,
    /// Output in the order it was printed, including rows of background watches.
    pub chunks: Vec<Chunk>,
}

impl TranscriptEntry {
    /// Pair a parsed command with what the engine returned for it.
    pub fn new(cmd: &ScriptCommand, out: ExecOutput) -> TranscriptEntry {
        TranscriptEntry {
            line: cmd.line,
            command: cmd.text.clone(),
            exit: out.exit,
            chunks: out.chunks,
        }
    }

    /// Terminal view: `$ <command>` (continuation lines prefixed `> `, as a shell's PS2),
    /// then the output in order. Output that does not end in a newline gets one. Step lines
    /// (when the engine outputs them) read `#12 [00:00:01.300] component: why`.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        for (i, l) in self.command.split('\n').enumerate() {
            s.push_str(if i == 0 { "$ " } else { "> " });
            s.push_str(l);
            s.push('\n');
        }
        let mut out = String::new();
        for chunk in &self.chunks {
            match chunk {
                Chunk::Stdout(t) | Chunk::Stderr(t) => out.push_str(t),
                Chunk::Step { index, line } => {
                    if !out.is_empty() && !out.ends_with('\n') {
                        out.push('\n');
                    }
                    out.push_str(&format!("#{} {}\n", index, line));
                }
                Chunk::Watch { text, .. } => {
                    out.push_str(text);
                    if !text.is_empty() && !text.ends_with('\n') {
                        out.push('\n');
                    }
                }
            }
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        s.push_str(&out);
        s
    }

    /// JSON lines: one `{"watch":ID,"stdout":"<row>\n"}` per background watch row printed
    /// during this command (and one `{"step":N,"line":"…"}` per step, when the engine
    /// outputs step lines), then
    /// `{"line":N,"command":"…","exit":0,"stdout":"…","stderr":"…"}`.
    pub fn to_json_lines(&self) -> String {
        #[derive(Serialize)]
        struct WatchRow<'a> {
            watch: u32,
            stdout: &'a str,
        }
        #[derive(Serialize)]
        struct Command<'a> {
            line: u32,
            command: &'a str,
            exit: i32,
            stdout: &'a str,
            stderr: &'a str,
        }
        let mut s = String::new();
        let mut stdout = String::new();
        let mut stderr = String::new();
        for chunk in &self.chunks {
            match chunk {
                Chunk::Stdout(t) => stdout.push_str(t),
                Chunk::Stderr(t) => stderr.push_str(t),
                Chunk::Step { index, line } => {
                    #[derive(Serialize)]
                    struct Step<'a> {
                        step: u64,
                        line: &'a str,
                    }
                    let obj = Step { step: *index, line };
                    s.push_str(&serde_json::to_string(&obj).unwrap_or_default());
                    s.push('\n');
                }
                Chunk::Watch { id, text } => {
                    for row in text.split_inclusive('\n') {
                        let row = if row.ends_with('\n') {
                            row.to_string()
                        } else {
                            format!("{row}\n")
                        };
                        let obj = WatchRow {
                            watch: *id,
                            stdout: &row,
                        };
                        s.push_str(&serde_json::to_string(&obj).unwrap_or_default());
                        s.push('\n');
                    }
                }
            }
        }
        let obj = Command {
            line: self.line,
            command: &self.command,
            exit: self.exit,
            stdout: &stdout,
            stderr: &stderr,
        };
        s.push_str(&serde_json::to_string(&obj).unwrap_or_default());
        s.push('\n');
        s
    }
}

/// Everything a script run printed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Transcript {
    /// One entry per command, in script order.
    pub entries: Vec<TranscriptEntry>,
}

impl Transcript {
    /// An empty transcript.
    pub fn new() -> Transcript {
        Transcript::default()
    }

    /// Record what `cmd` printed.
    pub fn push(&mut self, cmd: &ScriptCommand, out: ExecOutput) {
        self.entries.push(TranscriptEntry::new(cmd, out));
    }

    /// The terminal view of the whole run (see [`TranscriptEntry::to_text`]).
    pub fn to_text(&self) -> String {
        self.entries.iter().map(TranscriptEntry::to_text).collect()
    }

    /// JSON lines for the whole run (see [`TranscriptEntry::to_json_lines`]).
    pub fn to_json_lines(&self) -> String {
        self.entries
            .iter()
            .map(TranscriptEntry::to_json_lines)
            .collect()
    }
}

/// Run every command on `engine` in order; a failing command does not stop the script.
/// A background command gets its script line as its watch id.
pub fn run_script(engine: &mut Engine, cmds: &[ScriptCommand]) -> Transcript {
    run_script_with(engine, cmds, |_| {})
}

/// Like [`run_script`], calling `on_entry` after each command (to stream output).
pub fn run_script_with(
    engine: &mut Engine,
    cmds: &[ScriptCommand],
    mut on_entry: impl FnMut(&TranscriptEntry),
) -> Transcript {
    let mut transcript = Transcript::new();
    for cmd in cmds {
        let out = exec_command(engine, cmd);
        let entry = TranscriptEntry::new(cmd, out);
        on_entry(&entry);
        transcript.entries.push(entry);
    }
    transcript
}

/// Paths a command reads with `-f PATH` / `--filename=PATH` (not `-`): the host loads them
/// into the engine with [`Engine::add_file`] before running the command.
pub fn file_args(argv: &[String]) -> Vec<String> {
    let mut out = vec![];
    let mut i = 0;
    // Flags whose value is a path: `-f`, and the generators' sources (`--from-file` may be
    // `key=path` and comma-separated).
    const PATH_FLAGS: [&str; 5] = [
        "--filename",
        "--from-file",
        "--from-env-file",
        "--cert",
        "--key",
    ];
    while i < argv.len() {
        let a = &argv[i];
        let (flag, v) = if a == "-f" || PATH_FLAGS.contains(&a.as_str()) {
            i += 1;
            (a.as_str(), argv.get(i).cloned())
        } else if let Some((f, v)) = a.split_once('=').filter(|(f, _)| PATH_FLAGS.contains(f)) {
            (f, Some(v.to_string()))
        } else {
            (
                "-f",
                a.strip_prefix("-f")
                    .filter(|v| !v.is_empty() && !a.starts_with("--"))
                    .map(|v| v.trim_start_matches('=').to_string()),
            )
        };
        if let Some(v) = v.filter(|v| v != "-") {
            if flag == "--from-file" || flag == "--from-env-file" {
                for src in v.split(',').filter(|s| !s.is_empty()) {
                    let path = src.split_once('=').map_or(src, |(_, p)| p);
                    out.push(path.to_string());
                }
            } else {
                out.push(v);
            }
        }
        i += 1;
    }
    out
}

/// Run one parsed command: argv, heredoc as stdin, and its line as the watch id when it
/// runs in the background.
pub fn exec_command(engine: &mut Engine, cmd: &ScriptCommand) -> ExecOutput {
    engine.exec(
        &cmd.argv,
        cmd.stdin.as_deref(),
        cmd.background.then_some(cmd.line),
    )
}
