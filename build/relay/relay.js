// FiveX Connect relay page logic: forwards the marketplace's callback query to the app
// (fivex-connect://oauth/callback) and shows it as a one-time completion code when no app answers.
// Dependency-free and tiny on purpose: an agency hosts it as is. The completion code format must
// match main/oauth/protocol/completion-code.ts: "FXC1." + base64url(UTF-8 JSON of [[name, value]...]).
(function (root) {
  'use strict';

  var CALLBACK = 'fivex-connect://oauth/callback';
  var MARKER = 'fxc_relay'; // the page's own address, so the app can check the redirect URI (mix-up)
  var PREFIX = 'FXC1.';
  var DEFAULT_LIFETIME_SECONDS = 300;
  var REVEAL_AFTER_MS = 2000;

  function queryPairs(search) {
    var pairs = [];
    new URLSearchParams(search).forEach(function (value, name) {
      pairs.push([name, value]);
    });
    return pairs;
  }

  // 'empty': nothing to forward; 'fragment': not a query response, refused; 'callback' otherwise.
  function analyse(search, hash) {
    if (hash && hash.length > 1) return { kind: 'fragment' };
    var pairs = queryPairs(search);
    if (pairs.length === 0) return { kind: 'empty' };
    var hasError = pairs.some(function (p) { return p[0] === 'error'; });
    return { kind: 'callback', hasError: hasError };
  }

  function forwardPairs(search, pageAddress) {
    var pairs = queryPairs(search);
    pairs.push([MARKER, pageAddress]);
    return pairs;
  }

  function deepLink(pairs) {
    var query = new URLSearchParams();
    pairs.forEach(function (p) { query.append(p[0], p[1]); });
    return CALLBACK + '?' + query.toString();
  }

  function utf8Binary(text) {
    return encodeURIComponent(text).replace(/%([0-9A-F]{2})/g, function (_, hex) {
      return String.fromCharCode(parseInt(hex, 16));
    });
  }

  function completionCode(pairs) {
    var b64 = btoa(utf8Binary(JSON.stringify(pairs)));
    return PREFIX + b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function formatCountdown(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    var rest = s % 60;
    return Math.floor(s / 60) + ':' + (rest < 10 ? '0' : '') + rest;
  }

  function show(doc, id) { doc.getElementById(id).hidden = false; }
  function hide(doc, id) { doc.getElementById(id).hidden = true; }

  function start(win) {
    var doc = win.document;
    var loc = win.location;
    var found = analyse(loc.search, loc.hash);
    if (found.kind === 'empty') return;
    hide(doc, 'idle');
    if (found.kind === 'fragment') {
      show(doc, 'bad');
      return;
    }
    var pairs = forwardPairs(loc.search, loc.origin + loc.pathname);
    var link = deepLink(pairs);
    var code = completionCode(pairs);
    // The code leaves the address bar and history at once (RFC 9700 §4.2.4).
    win.history.replaceState(null, '', loc.pathname);

    show(doc, 'forwarding');
    if (found.hasError) show(doc, 'declined');
    doc.getElementById('open-app').setAttribute('href', link);
    doc.getElementById('code').textContent = code;

    var lifetime = parseInt(doc.documentElement.getAttribute('data-code-lifetime-seconds') || '', 10);
    if (!(lifetime > 0)) lifetime = DEFAULT_LIFETIME_SECONDS;
    var deadline = Date.now() + lifetime * 1000;
    var timer = null;
    function tick() {
      var left = (deadline - Date.now()) / 1000;
      // Rounded up: the full lifetime shows for the first second, and 0:00 only once it is over.
      doc.getElementById('countdown').textContent = formatCountdown(Math.ceil(left));
      if (left <= 0) {
        show(doc, 'expired');
        hide(doc, 'time-left');
        win.clearInterval(timer);
      }
    }
    var revealed = false;
    function reveal() {
      if (revealed) return;
      revealed = true;
      show(doc, 'completion');
    }
    tick();
    timer = win.setInterval(tick, 1000);
    doc.getElementById('show-code').addEventListener('click', reveal);
    doc.getElementById('copy').addEventListener('click', function () {
      var done = function () { show(doc, 'copied'); };
      if (win.navigator.clipboard && win.navigator.clipboard.writeText) {
        win.navigator.clipboard.writeText(code).then(done, function () {});
      }
    });
    // Browsers give no signal when no app handles the scheme, so the code appears after a
    // moment in any case; it is one-time and useless without the agency's verifier or secret.
    win.setTimeout(reveal, REVEAL_AFTER_MS);
    win.location.href = link;
  }

  root.FiveXRelay = {
    CALLBACK: CALLBACK,
    MARKER: MARKER,
    PREFIX: PREFIX,
    analyse: analyse,
    queryPairs: queryPairs,
    forwardPairs: forwardPairs,
    deepLink: deepLink,
    completionCode: completionCode,
    formatCountdown: formatCountdown,
    start: start,
  };

  if (root.document && root.location) {
    if (root.document.readyState === 'loading') {
      root.document.addEventListener('DOMContentLoaded', function () { start(root); });
    } else {
      start(root);
    }
  }
})(this);
