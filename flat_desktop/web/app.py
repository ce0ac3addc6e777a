"""The desk's pages. Every request: its language (``?lang=en``, then the session, then Japanese),
the signed-in account checked against the database (a reset or a new password ends older
sessions), the CSRF token of every POST; every page with the security headers, and never a
stack trace (the log file gets it)."""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, g, redirect, render_template, request, session, url_for
from werkzeug.exceptions import HTTPException

from flat_desktop.db.database import Database
from flat_desktop.errors import DatabaseUnavailable, FlatError, InvalidInput, NeedsConfirmation, NotAllowed, NotFound
from flat_desktop.i18n import _, language, language_for
from flat_desktop.services import accounts, attachments, desk
from flat_desktop.services.accounts import AccountView
from flat_desktop.services.orders import MAX_QUANTITY, OrderRequest
from flat_desktop.spec import SpecField
from flat_desktop.web import icons, security

log = logging.getLogger("flat_desktop.web")
SESSION_HOURS = 8
PUBLIC = {"sign_in", "static", "health", "icon_font"}
POLL_MS = 4000
CATALOGUE_TTL = dt.timedelta(minutes=2)


def _local_tz() -> dt.tzinfo:
    tz = dt.datetime.now().astimezone().tzinfo
    assert tz is not None
    return tz


def create_app(db: Database, *, secret_key: bytes | str, secure_cookies: bool = True,
               limiter: security.RateLimiter | None = None, files: Path | None = None,
               clock: Callable[[], dt.datetime] | None = None, poll_ms: int = POLL_MS, proxies: int = 0,
               sso_header: str | None = None) -> Flask:
    """The desk on ``db``. ``secure_cookies`` False only for plain HTTP on a test network;
    ``files``: the folder for attached files (outside anything served; None: no attaching);
    ``proxies``: how many reverse proxies in front of the desk set X-Forwarded-For and -Proto
    (their word is taken for the requester's address only then; 0: nobody's); ``sso_header``: the
    header in which the office's single sign-on in front of the desk names the signed-in person
    (off unless given: then only the proxy may reach the desk, which ``flat-desktop web`` enforces)."""
    app = Flask(__name__)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    app.config.update(
        SECRET_KEY=secret_key,
        SESSION_COOKIE_NAME="flat_desk",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=secure_cookies,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS),
        # The cookie is written only when the session changes: the page's own polls, answered after
        # a page that changed it (the language), would otherwise put the old session back.
        SESSION_REFRESH_EACH_REQUEST=False,
        MAX_CONTENT_LENGTH=attachments.AUDIO_MAX + 1024 * 1024,  # the largest file with its form
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.jinja_env.autoescape = True
    limiter = limiter or security.RateLimiter()
    now: Callable[[], dt.datetime] = clock or (lambda: dt.datetime.now(dt.UTC))
    app.extensions["flat_db"] = db

    @app.template_global("_")
    def translate(message: str) -> str:
        return _(message)

    @app.template_global()
    def csrf_token() -> str:
        token = session.get("csrf")
        if not token:
            token = session["csrf"] = security.new_token()
        return str(token)

    @app.template_global()
    def local_time(value: dt.datetime | None) -> str:
        if value is None:
            return ""
        return value.astimezone(_local_tz()).strftime("%Y-%m-%d %H:%M")

    @app.template_global()
    def lang_url(lang: str) -> str:
        args: dict[str, Any] = {**request.args, **(request.view_args or {}), "lang": lang}
        return url_for(request.endpoint or "orders", **args)

    @app.before_request
    def _begin() -> Any:
        stack = ExitStack()
        g.stack = stack
        asked = request.args.get("lang")
        if asked in ("ja", "en"):
            session["lang"] = asked
        stack.enter_context(language_for(session.get("lang", "ja")))
        if request.endpoint in ("static", "icon_font", "health"):
            return None  # the same for everyone: no account to look up
        if request.method == "POST" and not security.same_token(session.get("csrf"),
                                                                request.form.get(security.CSRF_FIELD)):
            abort(400)
        g.account = None
        aid, epoch = session.get("aid"), session.get("epoch")
        if isinstance(aid, int) and isinstance(epoch, int):
            g.account = accounts.current(db, aid, epoch)
            if g.account is None:
                _forget()
        vouched = request.headers.get(sso_header, "").strip() if sso_header else ""
        if vouched:
            try:
                named = accounts.trusted_staff_number(vouched)
            except InvalidInput:
                named = ""
            if g.account is None or g.account.staff_no != named:  # the proxy says who this is
                try:
                    g.account = accounts.sign_in_trusted(db, vouched, now=now())
                except (InvalidInput, NotAllowed) as exc:
                    _forget()
                    return page("error.html", 403, message=exc.message, hint=exc.hint)
                lang = session.get("lang")
                session.clear()
                session.permanent = True
                session.update(aid=g.account.id, epoch=g.account.epoch, csrf=security.new_token(), sso=True)
                if lang:
                    session["lang"] = lang
        if request.endpoint not in PUBLIC and g.account is None:
            if request.endpoint in ("seq",):
                abort(401)
            return redirect(url_for("sign_in", next=request.full_path if request.method == "GET" else None))
        if g.account is not None and g.account.must_change and not session.get("sso") and request.endpoint not in (
                *PUBLIC, "password", "sign_out"):
            return redirect(url_for("password"))
        return None

    @app.teardown_request
    def _end(_exc: BaseException | None) -> None:
        stack = g.pop("stack", None)
        if stack is not None:
            stack.close()

    @app.after_request
    def _headers(resp: Response) -> Response:
        for k, v in security.HEADERS.items():
            resp.headers.setdefault(k, v)
        if request.endpoint not in ("static", "icon_font"):
            resp.headers["Cache-Control"] = "no-store"
        resp.headers["Content-Language"] = language()
        return resp

    def _forget() -> None:
        lang = session.get("lang")
        session.clear()
        if lang:
            session["lang"] = lang

    def actor() -> Any:
        account: AccountView = g.account
        return account.actor()

    def page(name: str, status: int = 200, **values: Any) -> tuple[str, int]:
        return render_template(name, account=g.get("account"), lang=language(), poll_ms=poll_ms, **values), status

    # --- errors: a page in words, never a trace -------------------------------------------

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Any:
        code = exc.code or 500
        said = {
            400: (_("The form could not be accepted."), _("Reload the page and send it again.")),
            401: (_("You are not signed in."), _("Sign in again.")),
            404: (_("This page does not exist."), _("Go back to your orders.")),
            405: (_("This page does not take that request."), _("Go back to your orders.")),
            413: (_("What was sent is too large."), _("Send less at once.")),
            429: (_("Too many sign-in attempts from this computer."), _("Wait five minutes, then try again.")),
        }.get(code, (_("Something went wrong at the station's server."),
                     _("Try again; if it goes on, call the station.")))
        if g.get("stack") is None:
            g.stack = ExitStack()
            g.stack.enter_context(language_for(session.get("lang", "ja")))
        return page("error.html", code, message=said[0], hint=said[1])

    @app.errorhandler(Exception)
    def _crash(exc: Exception) -> Any:
        if isinstance(exc, DatabaseUnavailable):
            log.warning("database unavailable: %s", exc)
            return page("error.html", 503, message=_("The station's database cannot be reached."),
                        hint=_("Try again in a few minutes."))
        log.exception("error at %s", request.path)
        return page("error.html", 500, message=_("Something went wrong at the station's server."),
                    hint=_("Try again; if it goes on, call the station."))

    # --- signing in and out -------------------------------------------------------------------

    @app.get("/icons/fa6s.ttf")
    def icon_font() -> Any:
        from flask import send_file

        path = icons.font_file()
        if path is None:
            abort(404)
        return send_file(path, mimetype="font/ttf", max_age=86400)

    @app.get("/health")
    def health() -> Any:
        return {"ok": True}

    @app.route("/signin", methods=["GET", "POST"])
    def sign_in() -> Any:
        error: FlatError | None = None
        staff_no = ""
        if request.method == "POST":
            if not limiter.allow(request.remote_addr or "?"):
                abort(429)
            staff_no = request.form.get("staff_no", "")[:40]
            try:
                account = accounts.sign_in(db, staff_no, request.form.get("password", "")[:200], now=now())
            except (InvalidInput, NotAllowed) as exc:
                error = exc
                limiter.failed(request.remote_addr or "?")
            else:
                lang = session.get("lang")
                session.clear()  # a new session at sign-in (no fixation), with a new CSRF token
                session.permanent = True
                session.update(aid=account.id, epoch=account.epoch, csrf=security.new_token())
                if lang:
                    session["lang"] = lang
                target = request.args.get("next") or ""
                if not target.startswith("/") or target.startswith("//") or "\\" in target:
                    target = url_for("orders")
                return redirect(target)
        return page("signin.html", 401 if error else 200, error=error, staff_no=staff_no)

    @app.post("/signout")
    def sign_out() -> Any:
        accounts.sign_out(db, actor())
        _forget()
        return redirect(url_for("sign_in"))

    @app.route("/password", methods=["GET", "POST"])
    def password() -> Any:
        error: FlatError | None = None
        if request.method == "POST":
            new = request.form.get("password", "")
            try:
                if new != request.form.get("again", ""):
                    raise InvalidInput(_("The two new passwords differ."), _("Type the same password twice."),
                                       field="again")
                view = accounts.change_password(db, actor(), g.account.id, request.form.get("old", ""), new)
            except (InvalidInput, NotAllowed) as exc:
                error = exc
            else:
                session["epoch"] = view.epoch
                return redirect(url_for("orders", done="password"))
        return page("password.html", 422 if error else 200, error=error)

    # --- the catalogue and the order form ---------------------------------------------------

    @app.get("/")
    def home() -> Any:
        return redirect(url_for("orders"))

    cached: dict[str, tuple[dt.datetime, list[desk.TypeCard]]] = {}

    def _cards() -> list[desk.TypeCard]:
        """The catalogue, read again after CATALOGUE_TTL (job types and lead times change slowly)."""
        at = now()
        hit = cached.get(language())
        if hit is None or at - hit[0] > CATALOGUE_TTL or at < hit[0]:
            hit = cached[language()] = (at, desk.catalogue(db, now=at))
        return hit[1]

    @app.get("/catalogue")
    def catalogue() -> Any:
        return page("catalogue.html", cards=_cards())

    @app.get("/catalogue/<key>/picture")
    def result_picture(key: str) -> Any:
        """A typical result of the job type (the picture of its last step), for its catalogue card."""
        from flask import send_file

        from flat_desktop.services import pictures

        sha = _card(key).result_picture
        data = pictures.data(db, sha) if sha else None
        if data is None:
            abort(404)
        return send_file(io.BytesIO(data), mimetype=pictures.media_type(data) or "application/octet-stream",
                         max_age=3600)

    def _card(key: str) -> desk.TypeCard:
        found = next((c for c in _cards() if c.key == key), None)
        if found is None:
            abort(404)
        return found

    def _form_values(card: desk.TypeCard) -> dict[str, Any]:
        f = request.form
        values: dict[str, Any] = {
            "title": f.get("title", ""), "quantity": f.get("quantity", ""), "due": f.get("due", ""),
            "note": f.get("note", ""), "rush": bool(f.get("rush")), "confidential": bool(f.get("confidential")),
            "reorder_of": f.get("reorder_of", ""),
        }
        for fld in card.fields:
            values["spec-" + fld.key] = ("1" if f.get("spec-" + fld.key) else "0") if fld.type == "bool" \
                else f.get("spec-" + fld.key, "")
        return values

    def _request_of(card: desk.TypeCard, v: dict[str, Any]) -> OrderRequest:
        quantity_text = str(v["quantity"]).strip()
        if not quantity_text.isdigit():
            raise InvalidInput(_("The quantity must be between 1 and {max}.").format(max=MAX_QUANTITY),
                               _("Enter the number of pieces."), field="quantity")
        due = None
        if str(v["due"]).strip():
            try:
                due = dt.datetime.fromisoformat(str(v["due"]).strip())
            except ValueError:
                raise InvalidInput(_("The due time is not a date and time."),
                                   _("Choose a date and a time, e.g. 2026-12-01 15:00."), field="due") from None
            due = due.replace(tzinfo=_local_tz()) if due.tzinfo is None else due
        spec_values = {fld.key: v["spec-" + fld.key] for fld in card.fields}
        return OrderRequest(job_type=card.key, title=str(v["title"]), quantity=int(quantity_text), spec=spec_values,
                            due=due, priority=1 if v["rush"] else 2, confidential=bool(v["confidential"]),
                            note=str(v["note"]).strip()[:2000], reorder_of=str(v["reorder_of"]) or None)

    def _field_errors(card: desk.TypeCard, v: dict[str, Any], exc: FlatError) -> dict[str, str]:
        """The refusal at its field, and every other spec field that is wrong too."""
        from flat_desktop import spec as spec_mod

        errors: dict[str, str] = {}
        raw = [fld.to_dict() for fld in card.fields]
        for key, said in spec_mod.errors(raw, {fld.key: v["spec-" + fld.key] for fld in card.fields}).items():
            errors["spec-" + key] = said
        if not str(v["title"]).strip():
            errors["title"] = " ".join((_("The title is empty."), _("Write what the job is, e.g. the meeting's name.")))
        if not str(v["quantity"]).strip().isdigit():
            errors["quantity"] = _("The quantity must be between 1 and {max}.").format(max=MAX_QUANTITY) + " " + _(
                "Enter the number of pieces.")
        field = getattr(exc, "field", None)
        if isinstance(exc, NeedsConfirmation):
            field = "due" if exc.reason == "early_due" else "quantity"
        if field:
            key = field if field in ("title", "quantity", "due", "note", "priority", "rows") else "spec-" + field
            errors[key] = str(exc)
        return errors

    def _order_form(card: desk.TypeCard, values: dict[str, Any], status: int = 200, **extra: Any) -> Any:
        return page("order.html", status, card=card, v=values, **extra)

    def _blank(card: desk.TypeCard) -> dict[str, Any]:
        values: dict[str, Any] = {"title": "", "quantity": "", "due": "", "note": "", "rush": False,
                                  "confidential": False, "reorder_of": ""}
        for fld in card.fields:
            d = fld.default
            values["spec-" + fld.key] = ("1" if d else "0") if fld.type == "bool" else ("" if d is None else str(d))
        return values

    @app.get("/order/<key>")
    def order_form(key: str) -> Any:
        card = _card(key)
        return _order_form(card, _blank(card))

    @app.post("/order/<key>")
    def order_send(key: str) -> Any:
        card = _card(key)
        v = _form_values(card)
        confirm_quantity = bool(request.form.get("confirm_quantity"))
        confirm_due = bool(request.form.get("confirm_due"))
        try:
            created = desk.place(db, actor(), _request_of(card, v), confirmed=confirm_quantity,
                                 early_confirmed=confirm_due, now=now())
        except NeedsConfirmation as exc:
            return _order_form(card, v, 409, errors=_field_errors(card, v, exc), error=exc,
                               ask=exc.reason, confirm_quantity=confirm_quantity, confirm_due=confirm_due)
        except (InvalidInput, NotFound, NotAllowed) as exc:
            return _order_form(card, v, 422, errors=_field_errors(card, v, exc), error=exc,
                               confirm_quantity=confirm_quantity, confirm_due=confirm_due)
        return redirect(url_for("order_page", code=created.order, done="placed"))

    @app.get("/orders/<code>/reorder")
    def reorder(code: str) -> Any:
        try:
            req = desk.reorder_request(db, actor(), code)
        except NotFound:
            abort(404)
        except NotAllowed as exc:
            return page("error.html", 403, message=exc.message, hint=exc.hint)
        card = _card(req.job_type)
        values = _blank(card)
        values.update(title=req.title, quantity=str(req.quantity), note=req.note, rush=req.priority == 1,
                      confidential=req.confidential, reorder_of=code)
        for fld in card.fields:
            if fld.key in req.spec:
                got = req.spec[fld.key]
                values["spec-" + fld.key] = ("1" if got else "0") if fld.type == "bool" else str(got)
        return _order_form(card, values)

    # --- following orders ------------------------------------------------------------------

    def _scope() -> str:
        return "dept" if request.args.get("scope") == "dept" else "mine"

    @app.get("/orders")
    def orders() -> Any:
        scope = _scope()
        lines = desk.orders_of(db, actor(), mine_only=scope == "mine", now=now())
        return page("orders.html", lines=lines, scope=scope, seq=desk.last_change(db),
                    hours=desk.hours_this_month(db, actor()), stages=desk.stage_words(),
                    done=request.args.get("done"))

    @app.get("/orders/list")
    def orders_list() -> Any:
        scope = _scope()
        lines = desk.orders_of(db, actor(), mine_only=scope == "mine", now=now())
        return page("order_list.html", lines=lines, scope=scope, stages=desk.stage_words())

    @app.get("/api/seq")
    def seq() -> Any:
        return {"seq": desk.last_change(db)}

    @app.get("/orders/<code>")
    def order_page(code: str) -> Any:
        try:
            p = desk.order_page(db, actor(), code, now=now())
        except NotFound:
            abort(404)
        return page("order_page.html", p=p, stages=desk.stage_words(), seq=desk.last_change(db),
                    done=request.args.get("done"), errors={}, error=None, **_files(code))

    def _files(code: str) -> dict[str, Any]:
        return {"files": attachments.attachments(db, actor(), code) if files else [], "may_attach": files is not None}

    def _act(code: str, fn: Callable[[], None], done: str) -> Any:
        try:
            fn()
        except NotFound:
            abort(404)
        except (InvalidInput, NotAllowed) as exc:
            p = desk.order_page(db, actor(), code, now=now())
            field = getattr(exc, "field", None)
            return page("order_page.html", 422, p=p, stages=desk.stage_words(), seq=desk.last_change(db),
                        done=None, error=exc, errors={field: str(exc)} if field else {},
                        text=request.form.get("text", ""), reason=request.form.get("reason", ""), **_files(code))
        return redirect(url_for("order_page", code=code, done=done))

    @app.post("/orders/<code>/cancel")
    def cancel(code: str) -> Any:
        return _act(code, lambda: desk.cancel(db, actor(), code, request.form.get("reason", "")), "cancelled")

    @app.post("/orders/<code>/comment")
    def comment(code: str) -> Any:
        return _act(code, lambda: desk.comment(db, actor(), code, request.form.get("text", "")), "commented")

    @app.post("/orders/<code>/receipt")
    def receipt(code: str) -> Any:
        return _act(code, lambda: desk.confirm_receipt(db, actor(), code), "received")

    @app.post("/orders/<code>/files")
    def attach(code: str) -> Any:
        if files is None:
            abort(404)
        upload = request.files.get("file")

        def save() -> None:
            if upload is None or not upload.filename:
                raise InvalidInput(_("Choose a file first."), _("Press Browse and pick the file."), field="file")
            attachments.attach(db, actor(), code, upload.stream, upload.filename, files)

        return _act(code, save, "attached")

    @app.get("/orders/<code>/files/<name>")
    def download(code: str, name: str) -> Any:
        from flask import send_file

        if files is None:
            abort(404)
        try:
            data, item = attachments.content_of(db, actor(), code, name)
        except NotFound:
            abort(404)
        # Always a download (never shown in the page), under its own type; nosniff is on every response.
        return send_file(io.BytesIO(data), mimetype=item.media_type, as_attachment=True, download_name=item.original,
                         max_age=0)

    app.jinja_env.globals["icon_glyph"] = icons.glyph
    app.jinja_env.globals["SpecField"] = SpecField
    return app
