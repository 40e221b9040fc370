// The wall boards' browser side: starts Blazor with patient reconnection, tells plainly when the screen is not live
// (circuit down, browser offline, or a heartbeat that gets no answer), ticks waiting times between updates, and beeps.
(() => {
  const html = document.documentElement;
  const culture = html.dataset.culture || navigator.language;

  // The one clock rule: times read in the zone the person chose, by default their browser's. The browser's zone is
  // read here, once per page, and kept in a cookie the server reads, so server-rendered times use it too. A page
  // rendered before the cookie existed (a first visit) is loaded once more, in the right zone.
  const zoneCookie = 'controlroom.tz';
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const readCookie = name => {
    const found = document.cookie.split('; ').find(c => c.startsWith(name + '='));
    return found === undefined ? null : decodeURIComponent(found.slice(name.length + 1));
  };
  const zone = readCookie(zoneCookie);
  if (zone === null || (zone.startsWith('browser:') && zone.slice(8) !== browserZone)) {
    const value = 'browser:' + browserZone;
    document.cookie = `${zoneCookie}=${value}; path=/; max-age=31536000; samesite=lax`;
    const stale = html.dataset.zoneFrom !== 'cookie' || zone !== null;
    if (readCookie(zoneCookie) === value && stale && html.dataset.interactivePage === 'true') {
      location.reload();
      return;
    }
  }
  const reasons = new Set();
  const boards = new Map();
  let nextBoard = 1;
  let lastLive = new Date();
  let downSince = null;

  const notice = () => document.getElementById('components-reconnect-modal');
  const timeFormat = new Intl.DateTimeFormat(culture, { hour: '2-digit', minute: '2-digit', timeZone: html.dataset.timeZone || undefined });
  const clockTime = at => `${timeFormat.format(at)} ${html.dataset.zoneName || ''}`.trim();

  function render() {
    const down = reasons.size > 0;
    document.body.classList.toggle('not-live', down);
    const el = notice();
    if (!el) return;
    if (down) {
      el.querySelector('.live-notice-text').textContent = (el.dataset.text || 'Not live since {0}').replace('{0}', clockTime(downSince));
    }
    el.classList.toggle('live-notice-shown', down);
    el.setAttribute('aria-hidden', down ? 'false' : 'true');
  }

  function down(reason) {
    if (reasons.size === 0) downSince = lastLive;
    reasons.add(reason);
    render();
  }

  function up(reason) {
    if (!reasons.delete(reason)) return;
    render();
    if (reasons.size === 0) {
      lastLive = new Date();
      // Whatever was buffered while down is not trusted: every board reloads a full snapshot.
      for (const board of boards.values()) board.invokeMethodAsync('Resync').catch(() => down('heartbeat'));
    }
  }

  window.addEventListener('offline', () => down('offline'));
  window.addEventListener('online', () => up('offline'));
  if (!navigator.onLine) down('offline');

  // Heartbeat: a half-open WebSocket (or an emulated offline browser) keeps looking connected; an answer proves it is not.
  const withTimeout = (promise, ms) => Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
  setInterval(async () => {
    const board = boards.values().next().value;
    if (!board) return;
    try {
      await withTimeout(board.invokeMethodAsync('Ping'), 3000);
      if (navigator.onLine) {
        lastLive = reasons.size === 0 ? new Date() : lastLive;
        up('heartbeat');
      }
    } catch {
      down('heartbeat');
    }
  }, 2000);

  function onReconnectState(state) {
    if (state === 'show' || state === 'retrying' || state === 'failed' || state === 'paused') down('circuit');
    if (state === 'hide' || state === 'resumed') up('circuit');
    if (state === 'rejected' || state === 'resume-failed') location.reload(); // the server forgot this page: start afresh
    if (state === 'failed') setTimeout(() => Blazor.reconnect().catch(() => {}), 5000);
  }

  // Ticking clocks: seconds at the snapshot's asOf plus the time since this browser first saw that snapshot.
  const seen = new WeakMap();
  function duration(total) {
    const s = Math.max(0, Math.floor(total));
    if (s >= 86400) return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = String(s % 60).padStart(2, '0');
    return h > 0 ? `${h} h ${String(m).padStart(2, '0')}` : `${m}:${sec}`;
  }
  setInterval(() => {
    if (reasons.size) return; // a stale screen does not pretend time-based figures are still true
    const now = Date.now();
    for (const el of document.querySelectorAll('[data-tick-key]')) {
      let s = seen.get(el);
      if (!s || s.key !== el.dataset.tickKey) { s = { key: el.dataset.tickKey, at: now }; seen.set(el, s); }
      if (el.dataset.tickOn !== '1') continue;
      const text = duration(parseFloat(el.dataset.tickBase) + (now - s.at) / 1000);
      // Change the text node Blazor owns rather than replacing it, so the next render still finds it.
      const node = el.firstChild;
      if (node && node.nodeType === Node.TEXT_NODE && node.nodeValue !== text) node.nodeValue = text;
    }
  }, 250);

  // Wall boards lay themselves out from the room they have: the board is told its size on load, on resize, and when
  // banners come and go (debounced, so a window being dragged sends one size, not a hundred).
  const walls = new Map();
  function watchWall(element, ref) {
    if (!(element instanceof Element)) return; // the board left the page before it was watched (a kiosk turning fast)
    let timer;
    const send = () => {
      clearTimeout(timer);
      timer = setTimeout(() => ref.invokeMethodAsync('Measured', element.clientWidth, element.clientHeight).catch(() => {}), 60);
    };
    const observer = new ResizeObserver(send);
    observer.observe(element);
    walls.set(element, observer);
    send();
  }

  let audio;
  window.controlroom = {
    watchWall,
    unwatchWall(element) { walls.get(element)?.disconnect(); walls.delete(element); },
    registerBoard(ref) { const id = nextBoard++; boards.set(id, ref); return id; },
    unregisterBoard(id) { boards.delete(id); },
    isLive() { return reasons.size === 0; },
    markInteractive() { document.body.dataset.interactive = 'true'; },
    beep() {
      audio ??= new AudioContext();
      [0, 0.35].forEach(offset => {
        const osc = audio.createOscillator(), gain = audio.createGain();
        osc.frequency.value = 880; gain.gain.value = 0.2;
        osc.connect(gain).connect(audio.destination);
        osc.start(audio.currentTime + offset); osc.stop(audio.currentTime + offset + 0.25);
      });
    },
  };

  document.addEventListener('DOMContentLoaded', () => notice()?.addEventListener('components-reconnect-state-changed', e => onReconnectState(e.detail.state)));
  Blazor.start({
    circuit: {
      reconnectionOptions: { maxRetries: 1000000, retryIntervalMilliseconds: attempts => Math.min(1000 * (attempts + 1), 5000) },
      configureSignalR: builder => builder.withServerTimeout(12000).withKeepAliveInterval(5000),
    },
  });
})();
