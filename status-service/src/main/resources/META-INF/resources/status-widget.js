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
 * changes and every few seconds otherwise; the page never polls. Refresh reads the two documents
 * (GET /face-verification/status/, GET /background/status/) once. Plain JS, no build step, no dependencies.
 */
(() => {
  'use strict';

  const scriptBase = (() => {
    const s = document.currentScript;
    return s && s.src ? new URL('.', s.src).href : new URL('/', location.href).href;
  })();

  const GROUPS = [
    ['face_verification', 'Face verification', 'face-verification/status/'],
    ['background', 'Background services', 'background/status/'],
  ];
  const LABEL = { healthy: 'Healthy', degraded: 'Degraded', unhealthy: 'Unhealthy' };
  const STATE = { healthy: 'ok', degraded: 'warn', unhealthy: 'down' };
  const RANK = { healthy: 0, degraded: 1, unhealthy: 2 };

  /** One line from a service's details; the same rules as FragmentResource.summary on the server. */
  function summary(key, d) {
    if (!d) return '';
    const parts = [];
    const add = (v, fmt) => { if (v !== undefined && v !== null && String(v) !== '') parts.push(fmt.replace('%s', v)); };
    const join = v => Array.isArray(v) ? (v.length ? v.join(', ') : null) : v;
    switch (key) {
      case 'redis': add(d.version, 'v%s'); add(d.used_memory, '%s used'); add(d.connected_clients, '%s clients'); break;
      case 'kafka': add(d.brokers, '%s broker(s)'); add(d.controller_id, 'controller %s'); break;
      case 'database': add(d.engine, '%s'); add(d.name, '%s'); add(d.host, 'on %s'); break;
      case 'embedding_workers': add(d.active_workers, '%s active'); add(d.lag, 'lag %s'); add(d.group_state === 'NOT_FOUND' ? 'not formed yet' : d.group_state, 'group %s'); break;
      case 'face_detection': add(join(d.models), '%s'); add(join(d.execution_providers), 'on %s'); break;
      default: add(d.vector_count !== undefined ? d.vector_count : d.rowCount, '%s vectors'); add(d.collection, 'collection %s');
    }
    return parts.join(' · ');
  }

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

    groups() {
      const only = (this.getAttribute('report') || '').replace('-', '_');
      return GROUPS.filter(g => !only || g[0] === only);
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
        const answers = await Promise.all(this.groups().map(async ([key, , path]) => {
          const r = await fetch(new URL(path, this.base()).href, { headers: { Accept: 'application/json' } });
          if (!r.ok) throw new Error('HTTP ' + r.status);
          return [key, (await r.json()).data];
        }));
        this.render(Object.fromEntries(answers));
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

    head(overall, label, count) {
      const refresh = el('button', { type: 'button', class: 'vs-refresh', title: 'Check again now' }, 'Refresh');
      refresh.addEventListener('click', () => this.refresh());
      return el('div', { class: 'vs-head' },
        el('span', { class: 'vs-dot', 'data-state': STATE[overall] || 'unknown' }),
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

    /** snapshot: {face_verification: data, background: data}, as the stream and the two documents give them. */
    render(snapshot) {
      const groups = this.groups().filter(([key]) => snapshot[key]);
      const unique = new Map();
      let overall = 'healthy';
      let checkedAt = null;
      for (const [key] of groups) {
        const r = snapshot[key];
        if (RANK[r.overall_status] > RANK[overall]) overall = r.overall_status;
        if (!checkedAt || (r.checked_at && r.checked_at < checkedAt)) checkedAt = r.checked_at;
        for (const [k, s] of Object.entries(r.services)) {
          const seen = unique.get(k);
          if (!seen || (seen.healthy && !s.healthy)) unique.set(k, s);
        }
      }
      const all = [...unique.entries()];
      const down = all.filter(([, s]) => !s.healthy);
      const children = [this.head(overall, LABEL[overall] || overall,
        `${all.length - down.length}/${all.length} services healthy`)];
      if (!this.online && this.getAttribute('live') !== 'off') this.online = true;
      if (down.length) {
        const critical = down.some(([, s]) => s.critical);
        children.push(el('div', { class: 'vs-banner', role: 'alert', 'data-level': critical ? 'down' : 'warn' },
          el('strong', null, critical ? 'Face verification is not fully available.'
            : 'Some services are not fully operational; answers stay correct.'),
          el('ul', null, ...down.map(([, s]) => el('li', null,
            el('b', null, s.service), ': ' + (s.error || 'unhealthy'),
            s.suggestion ? el('span', { class: 'vs-suggestion' }, s.suggestion) : null)))));
      }
      for (const [key, title] of groups) {
        const r = snapshot[key];
        children.push(el('section', { class: 'vs-group', 'data-report': key, 'data-overall': r.overall_status },
          el('h3', null, title, ' ',
            el('span', { class: 'vs-group-status', 'data-state': STATE[r.overall_status] }, LABEL[r.overall_status]),
            ' ', el('span', { class: 'vs-count' }, `${r.healthy_count}/${r.total_count}`)),
          el('ul', { class: 'vs-services' }, ...Object.entries(r.services).map(([k, s]) =>
            el('li', {
              class: 'vs-service', 'data-service': k,
              'data-state': s.healthy ? 'ok' : (s.critical ? 'down' : 'warn'),
              title: JSON.stringify(s.details || {}, null, 1),
            },
              el('span', { class: 'vs-dot' }),
              el('span', { class: 'vs-name' }, s.service),
              el('span', { class: 'vs-summary' }, summary(k, s.details)),
              s.healthy ? null : el('div', { class: 'vs-error' }, s.error || 'unhealthy'),
              s.healthy || !s.suggestion ? null : el('div', { class: 'vs-suggestion' }, s.suggestion))))));
      }
      children.push(this.foot(checkedAt));
      this.box.dataset.overall = overall;
      this.box.replaceChildren(...children);
      this.dispatchEvent(new CustomEvent('visage-status', { detail: { overall, snapshot } }));
    }
  }

  if (!customElements.get('visage-status')) customElements.define('visage-status', VisageStatus);
})();
