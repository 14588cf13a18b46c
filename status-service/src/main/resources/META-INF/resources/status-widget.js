/*
 * <visage-status>: the Visage status component, live.
 *
 *   <script src="http://status-host:8082/status-widget.js" defer></script>
 *   <visage-status></visage-status>
 *
 * Attributes (all optional):
 *   src     base URL of status-service (default: where this script was loaded from)
 *   report  "face-verification" or "background" to show one document (default: both)
 *   live    "off" to skip the server push and show one reading (the Refresh button still works)
 *
 * The server pushes both status documents over Server-Sent Events (GET /status/stream) at once when something
 * changes and every few seconds otherwise; the page never polls. Refresh reads one such element
 * (GET /status/snapshot). Each element carries the server's `view` of the documents: colours, counts, banner
 * and each service's one-line facts are computed there (the same view GET /status/fragment renders); this
 * script only draws it. Plain JS, no build step, no dependencies.
 */
(() => {
  'use strict';

  const scriptBase = (() => {
    const s = document.currentScript;
    return s && s.src ? new URL('.', s.src).href : new URL('/', location.href).href;
  })();

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v; else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  class VisageStatus extends HTMLElement {
    connectedCallback() {
      if (!this.shadowRoot) {
        const root = this.attachShadow({ mode: 'open' });
        root.append(el('link', { rel: 'stylesheet', href: new URL('status.css', this.base()).href }));
        this.box = el('div', { class: 'vs', 'data-overall': 'unknown' });
        root.append(this.box);
        this.renderEmpty();
      }
      if (this.getAttribute('live') === 'off') this.refresh(); else this.connect();
    }

    disconnectedCallback() {
      clearTimeout(this.retry);
      if (this.source) { this.source.close(); this.source = null; }
    }

    base() {
      const src = this.getAttribute('src');
      return src ? new URL(src.endsWith('/') ? src : src + '/', location.href).href : scriptBase;
    }

    /** The groups to show and their summary: one document's own, or the server's summary of both. */
    shown(view) {
      const only = (this.getAttribute('report') || '').replace('-', '_');
      const one = view.groups.find(g => g.key === only);
      return one ? { groups: [one], summary: one.summary } : { groups: view.groups, summary: view.summary };
    }

    connect() {
      if (this.source) return;
      this.source = new EventSource(new URL('status/stream', this.base()).href);
      this.source.onopen = () => { this.online = true; this.renderLive(); };
      this.source.onmessage = e => { this.online = true; this.render(JSON.parse(e.data)); };
      // EventSource reconnects by itself; meanwhile the page says the status may be out of date. When it gives
      // up (an answer that is not a stream, e.g. a proxy's 502 while status-service restarts), try again later.
      this.source.onerror = () => {
        this.online = false;
        this.renderLive();
        if (this.source && this.source.readyState === EventSource.CLOSED) {
          this.source = null;
          clearTimeout(this.retry);
          this.retry = setTimeout(() => { if (this.isConnected) this.connect(); }, 5000);
        }
      };
    }

    async refresh() {
      const button = this.box.querySelector('.vs-refresh');
      if (button) button.disabled = true;
      try {
        const r = await fetch(new URL('status/snapshot', this.base()).href, { headers: { Accept: 'application/json' } });
        if (!r.ok) throw new Error('HTTP ' + r.status);
        this.render(await r.json());
      } catch (err) {
        this.online = false;
        this.renderLive(String(err.message || err));
      } finally {
        if (button) button.disabled = false;
      }
    }

    renderEmpty() {
      this.box.replaceChildren(this.head('unknown', 'Checking…', ''), this.foot(null));
    }

    head(state, label, count) {
      const refresh = el('button', { type: 'button', class: 'vs-refresh', title: 'Check again now' }, 'Refresh');
      refresh.addEventListener('click', () => this.refresh());
      return el('div', { class: 'vs-head' },
        el('span', { class: 'vs-dot', 'data-state': state }),
        el('strong', { class: 'vs-title' }, 'Visage service status'),
        el('span', { class: 'vs-overall' }, label),
        el('span', { class: 'vs-count' }, count),
        refresh);
    }

    foot(checkedAt) {
      const time = checkedAt ? new Date(checkedAt) : null;
      return el('div', { class: 'vs-foot' },
        'Last check:',
        el('time', { datetime: checkedAt || '' }, time ? time.toLocaleTimeString() : '–'),
        '·',
        el('span', { class: 'vs-live', 'data-live': this.online ? 'on' : 'off' },
          this.getAttribute('live') === 'off' ? 'manual' : (this.online ? 'live' : 'reconnecting…')));
    }

    renderLive(message) {
      const live = this.box.querySelector('.vs-live');
      if (live) {
        live.dataset.live = this.online ? 'on' : 'off';
        live.textContent = this.getAttribute('live') === 'off' ? 'manual' : (this.online ? 'live' : 'reconnecting…');
      }
      let offline = this.box.querySelector('.vs-banner[data-level="offline"]');
      if (!this.online && !offline) {
        offline = el('div', { class: 'vs-banner', role: 'status', 'data-level': 'offline' },
          el('strong', null, 'status-service is not reachable; what is shown may be out of date.'));
        this.box.querySelector('.vs-head').after(offline);
      }
      if (offline) {
        if (this.online) offline.remove();
        else if (message) offline.querySelector('strong').textContent =
          'status-service is not reachable (' + message + '); what is shown may be out of date.';
      }
    }

    /** snapshot: a stream element, {face_verification: data, background: data, view: the server's view of both}. */
    render(snapshot) {
      const { groups, summary } = this.shown(snapshot.view);
      const children = [this.head(summary.state, summary.label,
        `${summary.healthy_count}/${summary.total_count} services healthy`)];
      if (!this.online && this.getAttribute('live') !== 'off') this.online = true;
      const banner = summary.banner;
      if (banner) {
        children.push(el('div', { class: 'vs-banner', role: 'alert', 'data-level': banner.level },
          el('strong', null, banner.title),
          el('ul', null, ...banner.services.map(s => el('li', null,
            el('b', null, s.name), ': ' + s.error,
            s.suggestion ? el('span', { class: 'vs-suggestion' }, s.suggestion) : null)))));
      }
      for (const notice of summary.notices || []) {
        children.push(el('div', { class: 'vs-banner', role: 'alert', 'data-level': 'notice' },
          el('strong', null, notice)));
      }
      for (const group of groups) {
        const documented = snapshot[group.key].services;
        children.push(el('section',
          { class: 'vs-group', 'data-report': group.key, 'data-overall': group.summary.overall_status },
          el('h3', null, group.title, ' ',
            el('span', { class: 'vs-group-status', 'data-state': group.summary.state }, group.summary.label),
            ' ', el('span', { class: 'vs-count' }, `${group.summary.healthy_count}/${group.summary.total_count}`)),
          el('ul', { class: 'vs-services' }, ...group.services.map(s =>
            el('li', {
              class: 'vs-service', 'data-service': s.key, 'data-state': s.state,
              title: JSON.stringify(documented[s.key].details || {}, null, 1),
            },
              el('span', { class: 'vs-dot' }),
              el('span', { class: 'vs-name' }, s.name),
              el('span', { class: 'vs-summary' }, s.facts),
              s.healthy ? null : el('div', { class: 'vs-error' }, s.error),
              s.healthy || !s.suggestion ? null : el('div', { class: 'vs-suggestion' }, s.suggestion))))));
      }
      children.push(this.foot(summary.checked_at));
      this.box.dataset.overall = summary.overall_status;
      this.box.replaceChildren(...children);
      this.dispatchEvent(new CustomEvent('visage-status', { detail: { overall: summary.overall_status, snapshot } }));
    }
  }

  if (!customElements.get('visage-status')) customElements.define('visage-status', VisageStatus);
})();
