// Ferry's web UI: live refresh, live filters and delete. No library; the pages work without it.
(function () {
  'use strict';
  var body = document.body;
  var seconds = parseInt(body.getAttribute('data-refresh') || '0', 10);
  var timer = null;
  var inFlight = false;
  var again = false; // a refresh asked for while one was in flight (after a delete) runs after it

  function message(text) {
    var m = document.getElementById('ui-message');
    if (!m) { return; }
    m.textContent = text || '';
    m.hidden = !text;
  }

  // What a <details> is known by across refreshes.
  function keyOf(d) {
    return d.getAttribute('data-group') || d.getAttribute('data-key');
  }

  // Fetches this page again and swaps its <main>, keeping which <details> are open and the scroll.
  function refresh() {
    if (inFlight) { again = true; return; }
    inFlight = true;
    fetch(location.href, { headers: { 'Accept': 'text/html' }, credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) {
        if (!r.ok) { throw new Error('refresh failed: ' + r.status + ' ' + r.statusText); }
        return r.text();
      })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, 'text/html').getElementById('live');
        var live = document.getElementById('live');
        if (!next || !live) { return; }
        var open = {};
        live.querySelectorAll('details').forEach(function (d) {
          var k = keyOf(d);
          if (k !== null) { open[k] = d.open; }
        });
        next.querySelectorAll('details').forEach(function (d) {
          var k = keyOf(d);
          if (k !== null && Object.prototype.hasOwnProperty.call(open, k)) { d.open = open[k]; }
        });
        var x = window.scrollX, y = window.scrollY;
        live.replaceWith(document.adoptNode(next));
        window.scrollTo(x, y);
        if (document.getElementById('ui-message').getAttribute('data-from') === 'refresh') { message(''); }
      })
      .catch(function (e) {
        message(e.message);
        document.getElementById('ui-message').setAttribute('data-from', 'refresh');
      })
      .finally(function () {
        inFlight = false;
        if (again) { again = false; refresh(); }
      });
  }

  function schedule() {
    if (timer) { clearInterval(timer); }
    if (seconds > 0) { timer = setInterval(refresh, seconds * 1000); }
  }

  // The filter form: each change puts its fields in the URL and refreshes at once.
  function liveForm(form) {
    var pending = null;
    function apply() {
      var params = new URLSearchParams(new FormData(form));
      var current = new URLSearchParams(location.search);
      if (current.has('refresh')) { params.set('refresh', current.get('refresh')); }
      var query = params.toString();
      history.replaceState(null, '', location.pathname + (query ? '?' + query : ''));
      refresh();
    }
    form.addEventListener('input', function () {
      clearTimeout(pending);
      pending = setTimeout(apply, 250);
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      apply();
    });
  }

  // Delete: a confirmation, then DELETE of the group's push path; the answer's error is shown.
  document.addEventListener('click', function (e) {
    var button = e.target.closest ? e.target.closest('button[data-delete]') : null;
    if (!button) { return; }
    e.preventDefault();
    var what = button.getAttribute('data-label') || 'this group';
    if (!window.confirm('Delete the push group ' + what + '?')) { return; }
    button.disabled = true;
    fetch(button.getAttribute('data-delete'), { method: 'DELETE', credentials: 'same-origin' })
      .then(function (r) {
        if (!r.ok) {
          return r.text().then(function (t) { throw new Error('delete failed: ' + r.status + ' ' + t.trim()); });
        }
        message('');
        refresh();
      })
      .catch(function (err) {
        button.disabled = false;
        message(err.message);
        document.getElementById('ui-message').setAttribute('data-from', 'delete');
      });
  });

  document.querySelectorAll('form[data-live]').forEach(liveForm);
  schedule();
})();
