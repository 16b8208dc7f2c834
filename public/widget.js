/*!
 * Helpdesk Messenger chat widget.
 *
 *   <script src="https://YOUR-APP/widget.js" data-workspace="your-workspace" async></script>
 *
 * A site with signed-in users may also say who its user is, signed by its server with the
 * workspace's identity secret (README: "Identity verification"):
 *   data-user-id="42" data-user-email="ann@example.com" data-user-name="Ann"
 *   data-user-hash="<the hex HMAC-SHA256 of the id>"
 *
 * Shows a launcher button that opens the workspace's hosted chat page in a panel; full screen on a
 * phone. The frame starts at /chat/<workspace>/widget with the identity, if any, which signs it in
 * (or out) and goes on to the chat page (/chat/<workspace>?embed=1). Plain ES2017, no
 * dependencies, everything inside a Shadow DOM so the host site's CSS cannot reach it. The only
 * global it sets is window.__helpdeskWidgetLoaded.
 *
 * Messages with the chat page inside (components/chat/embed-bridge.tsx), each checked for its
 * sender (the frame's window) and origin (the app's) on the way in:
 *   page → widget  { type: "helpdesk-widget:close" }   Escape, or the page header's close button
 *   page → widget  { type: "helpdesk-widget:ready" }   the page listens, and its own header (with a
 *                                                      close button) is up: the panel's goes
 *   page → widget  { type: "helpdesk-widget:unread", count, at: [ms…], latest: { id, authorName, text, at } | null }
 *                  conversations with a reply the customer has not read (when each came, on the
 *                  server's clock), and the newest reply's public text: the launcher's badge counts
 *                  those that came after the panel was last open, and the card shows the newest
 *   widget → page  { type: "helpdesk-widget:panel", open }   sent to the app's origin only
 */
(() => {
  // biome-ignore lint/suspicious/noRedundantUseStrict: a classic script in the browser, not a module.
  "use strict";

  // Captured at once: document.currentScript is only set while this script first runs.
  const script = document.currentScript || document.querySelector('script[src*="widget.js"][data-workspace]');

  if (window.__helpdeskWidgetLoaded) return;
  const src = script ? script.src : "";
  if (!src) {
    console.warn("[helpdesk widget] Could not find its own <script> tag; the chat widget is not shown.");
    return;
  }

  const slug = (script.getAttribute("data-workspace") || "").trim().toLowerCase();
  if (!/^[a-z0-9-]{1,64}$/.test(slug)) {
    console.warn(
      '[helpdesk widget] data-workspace must be your workspace slug (letters, digits and "-"); the chat widget is not shown.',
    );
    return;
  }

  let origin;
  try {
    origin = new URL(src, document.baseURI).origin;
  } catch (_error) {
    console.warn("[helpdesk widget] Could not read the app address from the script src.");
    return;
  }
  if (!/^https?:/.test(origin)) {
    console.warn("[helpdesk widget] The script must be loaded over http(s).");
    return;
  }

  window.__helpdeskWidgetLoaded = true;

  // Passed as given, empty ones left out: the hash signs the id exactly as the site's server saw it.
  const identity = new URLSearchParams();
  for (const [attribute, param] of [
    ["data-user-id", "user_id"],
    ["data-user-email", "user_email"],
    ["data-user-name", "user_name"],
    ["data-user-hash", "user_hash"],
  ]) {
    const value = script.getAttribute(attribute);
    if (value) identity.set(param, value);
  }
  const identified = identity.has("user_id") && identity.has("user_hash");
  const query = identity.toString();
  const chatUrl = `${origin}/chat/${encodeURIComponent(slug)}/widget${query ? `?${query}` : ""}`;
  const PANEL_ID = "helpdesk-chat-panel";
  const TITLE_ID = "helpdesk-chat-title";
  const phone = window.matchMedia ? window.matchMedia("(max-width: 480px)") : null;

  const CHAT_ICON = (size, cls) =>
    `<svg class="icon ${cls}" viewBox="0 0 24 24" width="${size}" height="${size}" aria-hidden="true" focusable="false">` +
    '<path fill="currentColor" d="M12 3C6.75 3 2.5 6.69 2.5 11.25c0 2.33 1.11 4.43 2.9 5.93-.12 1.3-.6 2.61-1.56 3.66a.6.6 0 0 0 .49 1.01c2.16-.2 3.94-.98 5.2-1.8.8.18 1.62.27 2.47.27 5.25 0 9.5-3.69 9.5-8.07S17.25 3 12 3Z"/>' +
    '<circle cx="8" cy="11.25" r="1.25" fill="#4f46e5"/><circle cx="12" cy="11.25" r="1.25" fill="#4f46e5"/><circle cx="16" cy="11.25" r="1.25" fill="#4f46e5"/>' +
    "</svg>";
  const CLOSE_ICON = (size, cls) =>
    `<svg class="icon ${cls}" viewBox="0 0 24 24" width="${size}" height="${size}" aria-hidden="true" focusable="false">` +
    '<path fill="none" stroke="currentColor" stroke-width="2.25" stroke-linecap="round" d="M6 6l12 12M18 6L6 18"/>' +
    "</svg>";

  const STYLES = `
    :host { all: initial; }
    @media print { :host { display: none !important; } }
    .root, .root * { box-sizing: border-box; }
    .root {
      color-scheme: light;
      font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
      font-size: 16px;
      line-height: 1.5;
      color: #0f172a;
      -webkit-font-smoothing: antialiased;
    }
    button {
      font: inherit;
      margin: 0;
      padding: 0;
      border: 0;
      background: none;
      color: inherit;
      cursor: pointer;
      -webkit-tap-highlight-color: transparent;
    }
    button:focus { outline: none; }
    button:focus-visible { outline: 2px solid #4f46e5; outline-offset: 2px; }

    .launcher {
      position: fixed;
      right: 20px;
      bottom: 20px;
      z-index: 2147483000;
      display: flex;
      align-items: center;
      justify-content: center;
      width: 56px;
      height: 56px;
      border-radius: 50%;
      background: #4f46e5;
      color: #fff;
      box-shadow: 0 4px 12px rgba(15, 23, 42, 0.18), 0 10px 28px rgba(79, 70, 229, 0.35);
      transition: background-color 150ms ease, transform 150ms ease, box-shadow 150ms ease;
    }
    .launcher:hover { background: #4338ca; transform: scale(1.05); }
    .launcher:active { background: #3730a3; transform: scale(0.97); }
    .launcher .icon {
      position: absolute;
      transition: opacity 150ms ease, transform 200ms ease;
    }
    .launcher .icon-close { opacity: 0; transform: rotate(-90deg) scale(0.6); }
    .open .launcher .icon-chat { opacity: 0; transform: rotate(90deg) scale(0.6); }
    .open .launcher .icon-close { opacity: 1; transform: none; }

    .panel {
      position: fixed;
      right: 20px;
      bottom: 88px;
      z-index: 2147483000;
      display: flex;
      flex-direction: column;
      width: 380px;
      max-width: calc(100vw - 40px);
      height: calc(100vh - 108px);
      height: min(640px, calc(100vh - 108px));
      overflow: hidden;
      border-radius: 12px;
      background: #fff;
      box-shadow: 0 0 0 1px rgba(15, 23, 42, 0.06), 0 12px 24px -6px rgba(15, 23, 42, 0.2),
        0 24px 56px -12px rgba(15, 23, 42, 0.3);
      transform-origin: bottom right;
      visibility: hidden;
      opacity: 0;
      transform: translateY(12px) scale(0.98);
      transition: opacity 180ms ease, transform 180ms ease, visibility 0s linear 180ms;
    }
    .open .panel {
      visibility: visible;
      opacity: 1;
      transform: none;
      transition: opacity 180ms ease, transform 180ms ease, visibility 0s;
    }
    .panel:focus { outline: none; }

    .header {
      display: flex;
      flex: none;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      min-height: 52px;
      padding: 0 8px 0 16px;
      background: #4f46e5;
      color: #fff;
    }
    .title {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 0;
      font-size: 15px;
      font-weight: 600;
      letter-spacing: 0.01em;
    }
    .title .icon { flex: none; opacity: 0.9; }
    .close {
      display: flex;
      align-items: center;
      justify-content: center;
      width: 36px;
      height: 36px;
      border-radius: 8px;
      color: #e0e7ff;
      transition: background-color 150ms ease, color 150ms ease;
    }
    .close:hover { background: rgba(255, 255, 255, 0.14); color: #fff; }
    .close:focus-visible { outline-color: #fff; outline-offset: -4px; }

    /* Once the chat page is up, its own header is the panel's one bar (title, back, menu, close). */
    .framed .header { display: none; }

    .badge {
      position: absolute;
      top: -4px;
      right: -4px;
      min-width: 22px;
      height: 22px;
      padding: 0 6px;
      border-radius: 11px;
      background: #dc2626;
      color: #fff;
      box-shadow: 0 0 0 2px #fff;
      font-size: 12px;
      font-weight: 700;
      line-height: 22px;
      text-align: center;
    }
    .badge[hidden], .preview[hidden] { display: none; }
    .preview {
      position: fixed;
      right: 20px;
      bottom: 88px;
      z-index: 2147483000;
      display: flex;
      align-items: flex-start;
      gap: 4px;
      width: 300px;
      max-width: calc(100vw - 40px);
      border-radius: 12px;
      background: #fff;
      box-shadow: 0 0 0 1px rgba(15, 23, 42, 0.08), 0 10px 28px -6px rgba(15, 23, 42, 0.3);
    }
    .preview-open {
      display: block;
      flex: 1 1 auto;
      min-width: 0;
      padding: 12px 0 12px 14px;
      text-align: left;
      border-radius: 12px;
    }
    /* Read out, not drawn: the card's accessible name is its visible words after this lead-in. */
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
    .preview-name { display: block; font-size: 13px; font-weight: 600; color: #0f172a; }
    .preview-text {
      display: -webkit-box;
      overflow: hidden;
      -webkit-line-clamp: 2;
      -webkit-box-orient: vertical;
      font-size: 14px;
      color: #334155;
      overflow-wrap: anywhere;
    }
    .preview-dismiss {
      display: flex;
      flex: none;
      align-items: center;
      justify-content: center;
      width: 32px;
      height: 32px;
      margin: 6px 6px 0 0;
      border-radius: 8px;
      color: #475569;
    }
    .preview-dismiss:hover { background: #f1f5f9; color: #0f172a; }
    .open .preview { display: none; }

    .body { position: relative; flex: 1 1 auto; min-height: 0; background: #f8fafc; }
    .loading {
      position: absolute;
      top: 0;
      right: 0;
      bottom: 0;
      left: 0;
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: 12px;
      color: #64748b;
      font-size: 14px;
    }
    .spinner {
      width: 24px;
      height: 24px;
      border-radius: 50%;
      border: 3px solid #e0e7ff;
      border-top-color: #4f46e5;
      animation: spin 800ms linear infinite;
    }
    @keyframes spin { to { transform: rotate(360deg); } }
    .loaded .loading { display: none; }
    iframe {
      position: relative;
      display: block;
      width: 100%;
      height: 100%;
      border: 0;
      background: transparent;
      color-scheme: light;
    }

    @media (max-width: 480px) {
      .panel {
        top: 0;
        right: 0;
        bottom: 0;
        left: 0;
        width: 100%;
        max-width: none;
        height: 100%;
        border-radius: 0;
        box-shadow: none;
        transform: translateY(24px);
      }
      .header { padding-top: env(safe-area-inset-top); min-height: calc(52px + env(safe-area-inset-top)); }
      .open .launcher { display: none; }
    }

    @media (prefers-reduced-motion: reduce) {
      .launcher, .launcher .icon, .panel, .open .panel, .close { transition: none; }
      .launcher:hover, .launcher:active { transform: none; }
      .panel, .open .panel { transform: none; }
      .spinner { animation-duration: 2.4s; }
    }
  `;

  // Whether this browser has a customer signed in to this workspace's chat: the chat page says so,
  // and this site's storage keeps it (a flag, nothing more) for the next page view.
  const REMEMBER = `helpdesk-widget:${slug}:signed-in`;
  const remembered = () => {
    try {
      return window.localStorage.getItem(REMEMBER) === "1";
    } catch (_error) {
      return false;
    }
  };
  const remember = (signedIn) => {
    try {
      if (signedIn) window.localStorage.setItem(REMEMBER, "1");
      else window.localStorage.removeItem(REMEMBER);
    } catch (_error) {
      // Storage refused (private mode, a sandbox): the chat loads on first open, as for anyone.
    }
  };

  const mount = () => {
    if (document.querySelector("helpdesk-chat-widget")) return;

    const host = document.createElement("helpdesk-chat-widget");
    // Inline, so host-site rules for generic selectors cannot hide or move the host element.
    host.setAttribute("style", "all: initial; display: contents;");
    const shadow = host.attachShadow({ mode: "open" });

    const style = document.createElement("style");
    style.textContent = STYLES;

    const root = document.createElement("div");
    root.className = "root";
    root.innerHTML =
      `<div class="panel" id="${PANEL_ID}" role="dialog" aria-label="Chat with us" tabindex="-1">` +
      '<div class="header">' +
      `<h2 class="title" id="${TITLE_ID}">${CHAT_ICON(20, "")}Chat with us</h2>` +
      `<button type="button" class="close" aria-label="Close chat">${CLOSE_ICON(20, "")}</button>` +
      "</div>" +
      '<div class="body"></div>' +
      "</div>" +
      // Announced when a reply comes in while the panel is closed; empty otherwise.
      '<div role="status" aria-live="polite">' +
      '<div class="preview" hidden>' +
      // Named by what it shows (WCAG 2.5.3: a voice user says the words they see), after a lead-in.
      '<button type="button" class="preview-open"><span class="visually-hidden">New reply from </span>' +
      '<span class="preview-name"></span> <span class="preview-text"></span></button>' +
      `<button type="button" class="preview-dismiss" aria-label="Dismiss">${CLOSE_ICON(16, "")}</button>` +
      "</div></div>" +
      `<button type="button" class="launcher" aria-label="Open chat" aria-expanded="false" aria-controls="${PANEL_ID}">` +
      CHAT_ICON(28, "icon-chat") +
      CLOSE_ICON(24, "icon-close") +
      '<span class="badge" aria-hidden="true" hidden></span>' +
      "</button>";

    shadow.appendChild(style);
    shadow.appendChild(root);
    document.body.appendChild(host);

    const panel = root.querySelector(".panel");
    const body = root.querySelector(".body");
    const launcher = root.querySelector(".launcher");
    const closeButton = root.querySelector(".close");
    const badge = root.querySelector(".badge");
    const preview = root.querySelector(".preview");
    const previewName = root.querySelector(".preview-name");
    const previewText = root.querySelector(".preview-text");
    let iframe = null;
    let isOpen = false;
    let savedOverflow = null;
    // What the chat page last said of unread replies; the newest reply's time while the panel was
    // last open (opening clears the badge: what came before counts as seen), and the reply whose
    // card was dismissed.
    let unread = { count: 0, at: [], latest: null };
    let acknowledgedAt = 0;
    let dismissed = null;

    // Text only (textContent), never markup: a reply's text is the customer's or the team's words.
    const showUnread = () => {
      const latest = unread.latest;
      if (isOpen) acknowledgedAt = Math.max(acknowledgedAt, ...unread.at, latest ? latest.at : 0);
      const fresh = isOpen ? 0 : unread.at.filter((at) => at > acknowledgedAt).length;
      badge.hidden = fresh === 0;
      badge.textContent = fresh === 0 ? "" : fresh > 9 ? "9+" : String(fresh);
      const replies = fresh === 1 ? "1 new reply" : `${fresh} new replies`;
      launcher.setAttribute(
        "aria-label",
        isOpen ? "Close chat" : fresh > 0 ? `Open chat, ${replies}` : "Open chat",
      );
      const card = !isOpen && latest !== null && latest.at > acknowledgedAt && latest.id !== dismissed;
      preview.hidden = !card;
      previewName.textContent = card ? latest.authorName : "";
      previewText.textContent = card ? latest.text : "";
    };

    // The page's word, as sent; anything else is ignored.
    const shortText = (value, max) => typeof value === "string" && value.length <= max;
    const isTime = (value) => typeof value === "number" && Number.isFinite(value) && value >= 0;
    const readUnread = (data) => {
      const { count, at, latest } = data;
      if (typeof count !== "number" || !Number.isInteger(count) || count < 0 || count > 10000) return null;
      if (!Array.isArray(at) || at.length > 1000 || !at.every(isTime)) return null;
      if (latest === null) return { count, at, latest: null };
      if (
        !latest ||
        typeof latest !== "object" ||
        !shortText(latest.id, 100) ||
        !shortText(latest.authorName, 200) ||
        !shortText(latest.text, 1000) ||
        !isTime(latest.at)
      )
        return null;
      return {
        count,
        at,
        latest: { id: latest.id, authorName: latest.authorName, text: latest.text, at: latest.at },
      };
    };

    // Created on first open, so a visitor's page view opens no live connection; for a customer
    // this browser has seen signed in, once the page has loaded, so that their badge is current.
    // Then kept (hidden while closed) so the conversation survives closing and reopening.
    const ensureFrame = () => {
      if (iframe) return;
      body.innerHTML =
        '<div class="loading" role="status"><div class="spinner" aria-hidden="true"></div>Loading chat\u2026</div>';
      iframe = document.createElement("iframe");
      iframe.title = "Live chat";
      iframe.src = chatUrl;
      iframe.setAttribute("allow", "clipboard-write");
      iframe.addEventListener("load", () => {
        body.classList.add("loaded");
        tellFrame();
      });
      body.appendChild(iframe);
    };

    // A full-screen panel on a phone: keep the page behind it from scrolling.
    const lockScroll = (lock) => {
      const html = document.documentElement;
      if (lock && savedOverflow === null) {
        savedOverflow = html.style.overflow;
        html.style.overflow = "hidden";
      } else if (!lock && savedOverflow !== null) {
        html.style.overflow = savedOverflow;
        savedOverflow = null;
      }
    };

    // The chat inside counts as seen, and its customer as connected, only while the panel is open:
    // a closed panel stays loaded, and to the frame itself it still looks visible.
    const tellFrame = () => {
      if (iframe?.contentWindow)
        iframe.contentWindow.postMessage({ type: "helpdesk-widget:panel", open: isOpen }, origin);
    };

    const setOpen = (open, returnFocus) => {
      if (open === isOpen) return;
      isOpen = open;
      if (open) ensureFrame();
      tellFrame();
      root.classList.toggle("open", open);
      launcher.setAttribute("aria-expanded", String(open));
      showUnread();
      lockScroll(open && !!phone && phone.matches);
      if (open) {
        // Into the panel, so Escape closes it and Tab reaches the close button, then the chat.
        panel.focus({ preventScroll: true });
      } else if (returnFocus) {
        launcher.focus({ preventScroll: true });
      }
    };

    launcher.addEventListener("click", () => setOpen(!isOpen, true));
    preview.querySelector(".preview-open").addEventListener("click", () => setOpen(true, true));
    preview.querySelector(".preview-dismiss").addEventListener("click", () => {
      dismissed = unread.latest ? unread.latest.id : null;
      showUnread();
      launcher.focus({ preventScroll: true });
    });
    closeButton.addEventListener("click", () => setOpen(false, true));
    root.addEventListener("keydown", (event) => {
      if (isOpen && (event.key === "Escape" || event.key === "Esc")) {
        event.preventDefault();
        setOpen(false, true);
      }
    });

    // Key presses inside the (cross-origin) frame never reach this page; the chat page posts this.
    window.addEventListener("message", (event) => {
      if (!iframe || event.source !== iframe.contentWindow || event.origin !== origin) return;
      const data = event.data;
      if (!data || typeof data !== "object") return;
      if (data.type === "helpdesk-widget:close") setOpen(false, true);
      // The chat page is listening now (it may hydrate after the frame's load event), with its own
      // header and close button: the panel's header steps aside.
      if (data.type === "helpdesk-widget:ready") {
        root.classList.add("framed");
        tellFrame();
      }
      if (data.type === "helpdesk-widget:unread") {
        const next = readUnread(data);
        if (next) {
          remember(data.signedIn === true);
          unread = next;
          showUnread();
        }
      }
    });

    // A signed-in user of the site is a customer of the chat: their badge is kept current too.
    if (remembered() || identified) {
      const inBackground = () => setTimeout(ensureFrame, 500);
      if (document.readyState === "complete") inBackground();
      else window.addEventListener("load", inBackground, { once: true });
    }

    if (phone) {
      const onChange = () => lockScroll(isOpen && phone.matches);
      if (phone.addEventListener) phone.addEventListener("change", onChange);
      else if (phone.addListener) phone.addListener(onChange);
    }
  };

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount, { once: true });
})();
