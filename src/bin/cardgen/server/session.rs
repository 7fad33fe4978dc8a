//! The server's state and its message loop: open documents, the configuration resolver, and
//! what the client can show. Edits are applied as they come; documents are linted when no
//! message is waiting, so a burst of edits is linted once, after its last edit.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use cardgen::config::{Resolver, FILE_NAMES};
use crossbeam_channel::TryRecvError;
use ls_types::{
    CodeActionParams, CompletionParams, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, HoverParams, PublishDiagnosticsParams,
    Uri,
};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::actions::{self, FIX_ALL};
use super::diagnostics::{self, Style};
use super::document::{Document, Linted};
use super::position::Encoding;
use super::transport::Transport;
use crate::args::ServerArgs;

/// The exit code after `exit`: 0 when `shutdown` came first, as the protocol asks.
const EXIT_WITHOUT_SHUTDOWN: u8 = 1;

/// Run the protocol until `exit` or the end of the input.
pub fn serve(transport: &Transport, args: ServerArgs) -> u8 {
    let Some((id, params)) = wait_for_initialize(transport) else {
        return EXIT_WITHOUT_SHUTDOWN;
    };
    let client = Client::from_initialize(&params);
    let result = json!({
        "capabilities": capabilities(client.style.encoding),
        "serverInfo": { "name": "cardgen", "version": env!("CARGO_PKG_VERSION") },
    });
    let _ = transport.sender.send(Response::new_ok(id, result).into());
    let mut server = Server::new(transport, args, client);
    server.run()
}

/// Answer everything before `initialize` as the protocol says; `None` if the input ends or the
/// client exits first.
fn wait_for_initialize(transport: &Transport) -> Option<(RequestId, Value)> {
    loop {
        match transport.receiver.recv().ok()? {
            Message::Request(req) if req.method == "initialize" => {
                return Some((req.id, req.params))
            }
            Message::Request(req) => {
                let error = Response::new_err(
                    req.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "the server is not initialized yet: send `initialize` first".into(),
                );
                let _ = transport.sender.send(error.into());
            }
            Message::Notification(n) if n.method == "exit" => return None,
            Message::Notification(_) | Message::Response(_) => {}
        }
    }
}

fn capabilities(encoding: Encoding) -> Value {
    json!({
        "positionEncoding": encoding.kind(),
        "textDocumentSync": {
            "openClose": true,
            "change": 2,
            "save": { "includeText": false },
        },
        "completionProvider": { "triggerCharacters": [" "], "resolveProvider": false },
        "hoverProvider": true,
        "codeActionProvider": {
            "codeActionKinds": ["quickfix", FIX_ALL],
            "resolveProvider": false,
        },
    })
}

/// What the client said it can do, read leniently from `initialize` (a field that is missing or
/// of another shape counts as not offered).
struct Client {
    style: Style,
    markdown_hover: bool,
    watch_files: bool,
}

impl Client {
    fn from_initialize(params: &Value) -> Self {
        let caps = &params["capabilities"];
        let offered: Vec<String> = caps
            .pointer("/general/positionEncodings")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let flag = |pointer: &str| caps.pointer(pointer).and_then(Value::as_bool) == Some(true);
        let markdown_hover = caps
            .pointer("/textDocument/hover/contentFormat")
            .and_then(Value::as_array)
            .is_some_and(|formats| formats.iter().any(|f| f == "markdown"));
        Client {
            style: Style {
                encoding: Encoding::negotiate(&offered),
                related_information: flag("/textDocument/publishDiagnostics/relatedInformation"),
            },
            markdown_hover,
            watch_files: flag("/workspace/didChangeWatchedFiles/dynamicRegistration"),
        }
    }
}

struct Server<'t> {
    transport: &'t Transport,
    args: ServerArgs,
    client: Client,
    /// The resolver for the command line's choices, or why it cannot be made (a `--config`
    /// file that became invalid).
    resolver: Result<Resolver, String>,
    documents: HashMap<Uri, Document>,
    shutdown: bool,
}

impl<'t> Server<'t> {
    fn new(transport: &'t Transport, args: ServerArgs, client: Client) -> Self {
        let resolver = make_resolver(&args);
        Server {
            transport,
            args,
            client,
            resolver,
            documents: HashMap::new(),
            shutdown: false,
        }
    }

    fn run(&mut self) -> u8 {
        loop {
            let message = match self.transport.receiver.try_recv() {
                Ok(message) => message,
                Err(TryRecvError::Empty) => {
                    self.lint_pending();
                    match self.transport.receiver.recv() {
                        Ok(message) => message,
                        Err(_) => return EXIT_WITHOUT_SHUTDOWN,
                    }
                }
                Err(TryRecvError::Disconnected) => return EXIT_WITHOUT_SHUTDOWN,
            };
            match message {
                Message::Request(req) => self.request(req),
                Message::Notification(n) if n.method == "exit" => {
                    return if self.shutdown {
                        0
                    } else {
                        EXIT_WITHOUT_SHUTDOWN
                    };
                }
                Message::Notification(n) => self.notification(n),
                Message::Response(_) => {} // to client/registerCapability
            }
        }
    }

    fn send(&self, message: impl Into<Message>) {
        let _ = self.transport.sender.send(message.into());
    }

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        if self.shutdown {
            let message = "the server is shutting down".to_owned();
            self.send(Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                message,
            ));
            return;
        }
        let response = match catch_unwind(AssertUnwindSafe(|| self.answer(req))) {
            Ok(Ok(result)) => Response::new_ok(id, result),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                "cardgen failed on this request (a bug: please report it)".into(),
            ),
        };
        self.send(response);
    }

    fn answer(&mut self, req: Request) -> Result<Value, (ErrorCode, String)> {
        match req.method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            "textDocument/completion" => {
                let p: CompletionParams = params(req)?;
                let at = p.text_document_position;
                self.with_document(&at.text_document.uri, |doc, style| {
                    let offset = doc.lines.offset(&doc.text, at.position, style.encoding);
                    json!(super::completion::complete(doc, offset, style.encoding))
                })
            }
            "textDocument/hover" => {
                let p: HoverParams = params(req)?;
                let at = p.text_document_position_params;
                let markdown = self.client.markdown_hover;
                self.lint_now(&at.text_document.uri);
                self.with_document(&at.text_document.uri, |doc, style| {
                    let offset = doc.lines.offset(&doc.text, at.position, style.encoding);
                    json!(super::hover::hover(
                        doc,
                        at.position,
                        offset,
                        style.encoding,
                        markdown
                    ))
                })
            }
            "textDocument/codeAction" => {
                let p: CodeActionParams = params(req)?;
                self.lint_now(&p.text_document.uri);
                self.with_document(&p.text_document.uri, |doc, style| {
                    let (start, end) = doc.lines.span(&doc.text, p.range, style.encoding);
                    let request = actions::Request {
                        start,
                        end,
                        diagnostics: &p.context.diagnostics,
                        only: p.context.only.as_deref(),
                    };
                    json!(actions::actions(doc, &request, style.encoding))
                })
            }
            other => Err((
                ErrorCode::MethodNotFound,
                format!("cardgen's server does not handle `{other}`"),
            )),
        }
    }

    /// Run `f` on an open document; a document that is not open gets `null`.
    fn with_document(
        &self,
        uri: &Uri,
        f: impl FnOnce(&Document, Style) -> Value,
    ) -> Result<Value, (ErrorCode, String)> {
        Ok(self
            .documents
            .get(uri)
            .map_or(Value::Null, |doc| f(doc, self.client.style)))
    }

    fn notification(&mut self, n: Notification) {
        let method = n.method.clone();
        if catch_unwind(AssertUnwindSafe(|| self.notice(n))).is_err() {
            crate::setup::error(format!(
                "cardgen failed on `{method}` (a bug: please report it)"
            ));
        }
    }

    fn notice(&mut self, n: Notification) {
        match n.method.as_str() {
            "initialized" => self.watch_configuration(),
            "textDocument/didOpen" => {
                if let Ok(p) = from::<DidOpenTextDocumentParams>(n.params) {
                    let d = p.text_document;
                    let doc = Document::new(d.uri.clone(), d.language_id, d.version, d.text);
                    self.documents.insert(d.uri, doc);
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = from::<DidChangeTextDocumentParams>(n.params) {
                    let encoding = self.client.style.encoding;
                    if let Some(doc) = self.documents.get_mut(&p.text_document.uri) {
                        doc.change(p.text_document.version, p.content_changes, encoding);
                    }
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = from::<DidCloseTextDocumentParams>(n.params) {
                    if self.documents.remove(&p.text_document.uri).is_some() {
                        self.publish(p.text_document.uri, Vec::new(), None);
                    }
                }
            }
            "textDocument/didSave" => {
                if let Ok(p) = from::<DidSaveTextDocumentParams>(n.params) {
                    if is_configuration(&p.text_document.uri) {
                        self.reload();
                    }
                }
            }
            "workspace/didChangeWatchedFiles" => self.reload(),
            _ => {} // $/cancelRequest, $/setTrace, workspace/didChangeConfiguration, …
        }
    }

    /// Ask the client to tell about changes to configuration files, where it can.
    fn watch_configuration(&self) {
        if !self.client.watch_files {
            return;
        }
        let watchers: Vec<Value> = FILE_NAMES
            .iter()
            .map(|name| json!({ "globPattern": format!("**/{name}") }))
            .collect();
        let params = json!({ "registrations": [{
            "id": "cardgen-configuration",
            "method": "workspace/didChangeWatchedFiles",
            "registerOptions": { "watchers": watchers },
        }]});
        let id = RequestId::from("cardgen-watch-configuration".to_owned());
        self.send(Request::new(id, "client/registerCapability".into(), params));
    }

    /// Read the configuration again and re-lint every open document.
    fn reload(&mut self) {
        self.resolver = make_resolver(&self.args);
        for doc in self.documents.values_mut() {
            doc.refresh_surroundings();
            doc.lint = None;
        }
    }

    /// Lint and publish every document whose text changed since it was last linted.
    fn lint_pending(&mut self) {
        let pending: Vec<Uri> = self
            .documents
            .iter()
            .filter(|(_, d)| d.lint.is_none())
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in pending {
            self.lint_now(&uri);
        }
    }

    /// Lint one document now unless its current text is linted already, and publish.
    fn lint_now(&mut self, uri: &Uri) {
        let Some(doc) = self.documents.get_mut(uri) else {
            return;
        };
        if doc.lint.is_some() {
            return;
        }
        let resolver = self.resolver.as_mut().map_err(|e| e.as_str());
        let linted = catch_unwind(AssertUnwindSafe(|| diagnostics::check(doc, resolver)))
            .unwrap_or_else(|_| {
                Linted::Error("cardgen failed on this card (a bug: please report it)".into())
            });
        doc.lint = Some(linted);
        let diagnostics = diagnostics::to_lsp(doc, self.client.style);
        let version = doc.version;
        self.publish(uri.clone(), diagnostics, Some(version));
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<ls_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(
            "textDocument/publishDiagnostics".into(),
            params,
        ));
    }
}

fn make_resolver(args: &ServerArgs) -> Result<Resolver, String> {
    crate::setup::resolver(&args.config)
        .map_err(|f| format!("cardgen cannot read its configuration: {f}"))
}

/// Whether a saved file is one cardgen reads its configuration from.
fn is_configuration(uri: &Uri) -> bool {
    uri.path()
        .as_str()
        .rsplit('/')
        .next()
        .is_some_and(|name| FILE_NAMES.contains(&name))
}

fn from<P: DeserializeOwned>(params: Value) -> Result<P, serde_json::Error> {
    serde_json::from_value(params)
}

fn params<P: DeserializeOwned>(req: Request) -> Result<P, (ErrorCode, String)> {
    from(req.params).map_err(|e| {
        (
            ErrorCode::InvalidParams,
            format!("invalid parameters for `{}`: {e}", req.method),
        )
    })
}
