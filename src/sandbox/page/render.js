/* Renders what WeCom would show for a robot message: text with mentions, or the group-robot
   markdown subset (headings, bold, <font color>, quotes, links, inline code, <@userid>). */
(() => {
  var ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  function esc(s) {
    return String(s).replace(/[&<>"']/g, (c) => ESC[c]);
  }
  function mention(id, names) {
    var label = id === '@all' ? '所有人' : names[id] || id;
    return `<span class="mention" data-userid="${esc(id)}">@${esc(label)}</span>`;
  }
  function inline(s, names) {
    s = s.replace(
      /&lt;font color=(?:&quot;|&#39;)?(info|comment|warning)(?:&quot;|&#39;)?&gt;/g,
      '<span class="font-$1">',
    );
    s = s.replace(/&lt;\/font&gt;/g, '</span>');
    s = s.replace(/&lt;@([^&\s]+)&gt;/g, (_, id) => mention(id, names));
    s = s.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
    s = s.replace(/`([^`]+)`/g, '<code>$1</code>');
    s = s.replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>');
    return s;
  }
  function markdown(src, names) {
    var out = [];
    var quote = [];
    function flushQuote() {
      if (quote.length) out.push(`<blockquote>${quote.join('<br>')}</blockquote>`);
      quote = [];
    }
    String(src)
      .split('\n')
      .forEach((line) => {
        var e = esc(line);
        var h = /^(#{1,6}) (.*)$/.exec(e);
        var q = /^&gt; ?(.*)$/.exec(e);
        if (q) {
          quote.push(inline(q[1], names));
          return;
        }
        flushQuote();
        if (h) out.push(`<h${h[1].length}>${inline(h[2], names)}</h${h[1].length}>`);
        else if (e.trim() === '') out.push('<div class="gap"></div>');
        else out.push(`<div class="line">${inline(e, names)}</div>`);
      });
    flushQuote();
    return out.join('');
  }
  function text(src, mentions, names) {
    var html = esc(src).replace(/&lt;@([^&\s]+)&gt;/g, (_, id) => mention(id, names));
    html = html.replace(/\n/g, '<br>');
    var extra = (mentions || []).filter((id) => String(src).indexOf(`<@${id}>`) < 0);
    if (extra.length)
      html += `<div class="mention-list">${extra.map((id) => mention(id, names)).join(' ')}</div>`;
    return html;
  }
  /** A long-connection card: title, text, and buttons the page sends back as card events. */
  function card(c) {
    return (
      '<div class="card-title">' +
      esc(c.title) +
      '</div>' +
      (c.desc ? `<div class="card-desc">${esc(c.desc)}</div>` : '') +
      (c.detail ? `<div class="card-detail">${esc(c.detail)}</div>` : '') +
      '<div class="card-buttons">' +
      c.buttons
        .map(
          (b) =>
            '<button type="button" class="card-button" data-testid="card-button" data-task="' +
            esc(c.taskId) +
            '" data-key="' +
            esc(b.key) +
            '">' +
            esc(b.text) +
            '</button>',
        )
        .join('') +
      '</div>'
    );
  }
  /** A message body: {msgtype, content, mentions, image, file, articles, card}. */
  function body(m, names) {
    switch (m.msgtype) {
      case 'markdown':
      case 'markdown_v2':
        return `<div class="md">${markdown(m.content || '', names)}</div>`;
      case 'image':
        return `<img class="post-image" alt="图片" src="${esc(m.image || '')}">`;
      case 'file':
      case 'voice':
        if (!m.file) return '<div class="line">[文件]</div>';
        return (
          '<a class="file" download="' +
          esc(m.file.filename) +
          '" href="/sandbox/api/files/' +
          encodeURIComponent(m.file.mediaId) +
          '">📎 ' +
          esc(m.file.filename) +
          ' <span class="size">' +
          Math.max(1, Math.round(m.file.size / 1024)) +
          ' KB</span></a>'
        );
      case 'news':
        return (m.articles || [])
          .map(
            (a) =>
              '<div class="news"><div class="news-title">' +
              esc(a.title) +
              '</div><div class="news-desc">' +
              esc(a.description || '') +
              '</div></div>',
          )
          .join('');
      case 'template_card':
        if (m.card) return card(m.card);
        return `<pre class="card">${esc(m.content || '')}</pre>`;
      default:
        return `<div class="text">${text(m.content || '', m.mentions, names)}</div>`;
    }
  }
  window.WecomRender = { esc: esc, body: body, markdown: markdown, text: text };
})();
