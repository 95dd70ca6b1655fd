// Small helpers the pages call through JS interop (a file, not inline script: the Content-Security-Policy allows no inline code).
window.dashboardApp = {
  // Copies text to the clipboard; true when it was copied.
  copyText: async function (text) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return true;
      }
    } catch (e) { /* fall back below */ }
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    let copied = false;
    try { copied = document.execCommand('copy'); } catch (e) { copied = false; }
    document.body.removeChild(area);
    return copied;
  }
};

// 在线填报 drafts: kept in this browser until the month is submitted (localStorage survives a reload or a closed tab).
window.dashboardDrafts = {
  save: function (key, json) {
    try { localStorage.setItem(key, json); return true; } catch (e) { return false; }
  },
  load: function (key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  },
  clear: function (key) {
    try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
  }
};
