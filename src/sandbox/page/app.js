/* The sandbox page: speaks to the bot through /sandbox/api (which sends real encrypted callbacks,
   or frames over the bot's long connection) and shows the bot's replies and its posts, conversation
   by conversation. */
(() => {
  var R = window.WecomRender;
  var $ = (id) => document.getElementById(id);
  var state = {
    info: null,
    people: [],
    groups: [],
    names: {},
    chat: '',
    logs: {},
    unread: {},
    after: 0,
    polling: false,
  };
  var EXAMPLES = [
    '进度 贺巴 本月完成投资1200万元，累计完成3.2亿元，形象进度：路基完成60%',
    '问题 贺巴 征地拆迁：那湾村3户未签约，需县自然资源局协调',
    '查 贺巴',
    '查 问题 逾期',
    '查 未报送',
    '交办 #1 县自然资源局 8月20日前',
    '撤销',
    '帮助',
  ];

  function api(path, body) {
    var opts =
      body === undefined
        ? {}
        : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    return fetch(`/sandbox/api/${path}`, opts).then((res) =>
      res
        .json()
        .catch(() => ({}))
        .then((j) => {
          if (!res.ok) throw new Error(j.error || `请求失败（${res.status}）`);
          return j;
        }),
    );
  }
  function person() {
    var id = $('person').value;
    return state.people.find((p) => p.userId === id);
  }
  function longConnection() {
    return Boolean(state.info && state.info.way === 'long-connection');
  }
  function isGroup(chat) {
    return chat.indexOf('group:') === 0;
  }
  function dmChat() {
    var p = person();
    return p ? `dm:${p.userId}` : 'dm:';
  }
  function setStatus(msg, bad) {
    $('status').textContent = msg || '';
    $('status').className = `status${bad ? ' bad' : ''}`;
  }
  /** Text typed with the robot's name in front ("@项目调度助手 查 贺巴") is sent once, without it. */
  function withoutMention(text) {
    var name = state.info ? state.info.botName : '';
    var t = text.replace(/^[\s\u3000]+/, '');
    while (name && t.indexOf(`@${name}`) === 0) t = t.slice(name.length + 1).replace(/^[\s\u3000]+/, '');
    return t.trim();
  }
  function add(chat, entry) {
    if (!state.logs[chat]) state.logs[chat] = [];
    state.logs[chat].push(entry);
  }
  function push(chat, entry) {
    add(chat, entry);
    if (chat === state.chat) renderMessages();
    else {
      state.unread[chat] = (state.unread[chat] || 0) + 1;
      renderChats();
    }
  }
  function time(at) {
    var d = new Date(at);
    return (
      `0${d.getHours()}`.slice(-2) +
      ':' +
      `0${d.getMinutes()}`.slice(-2) +
      ':' +
      `0${d.getSeconds()}`.slice(-2)
    );
  }

  function renderChats() {
    var list = $('chats');
    var items = state.groups.map((g) => ({
      chat: `group:${g.name}`,
      title: g.name,
      sub: g.subscriptions.join('、') || '群聊',
    }));
    var p = person();
    items.push({
      chat: dmChat(),
      title: `私聊：${state.info ? state.info.botName : '机器人'}`,
      sub: p ? `以${p.name}的身份` : '',
    });
    list.innerHTML = '';
    items.forEach((it) => {
      var li = document.createElement('li');
      li.className = `chat-item${it.chat === state.chat ? ' active' : ''}`;
      li.setAttribute('data-testid', 'chat-item');
      li.setAttribute('data-chat', it.chat);
      var n = state.unread[it.chat] || 0;
      li.innerHTML =
        '<div class="avatar">' +
        R.esc(it.title.replace('私聊：', '').slice(0, 1)) +
        '</div><div class="chat-meta"><div class="chat-name">' +
        R.esc(it.title) +
        '</div><div class="chat-desc">' +
        R.esc(it.sub) +
        '</div></div>' +
        (n ? `<span class="badge">${n}</span>` : '');
      li.onclick = () => {
        select(it.chat);
        document.body.classList.remove('side-open');
      };
      list.appendChild(li);
    });
  }

  function renderMessages() {
    var box = $('messages');
    var log = state.logs[state.chat] || [];
    box.innerHTML = '';
    if (!log.length)
      box.innerHTML = '<div class="empty">还没有消息。选择发言人，输入命令试试，或点下方的示例。</div>';
    log.forEach((e) => {
      var div = document.createElement('div');
      div.className = `msg ${e.kind}`;
      div.setAttribute('data-kind', e.kind);
      div.setAttribute('data-testid', `msg-${e.kind}`);
      var who = e.kind === 'user' ? e.name : e.kind === 'error' ? '沙盒' : state.info.botName;
      var tag =
        e.kind === 'reply'
          ? longConnection()
            ? '<span class="tag lc">长连接回复</span>'
            : '<span class="tag">回调回复</span>'
          : e.kind === 'post'
            ? e.msg.via === 'long-connection'
              ? '<span class="tag lc">长连接发送</span>'
              : '<span class="tag post">群机器人推送</span>'
            : e.voice
              ? '<span class="tag">🎤 语音</span>'
              : '';
      var bodyHtml =
        e.kind === 'user' || e.kind === 'error'
          ? `<div class="text">${R.esc(e.text).replace(/\n/g, '<br>')}</div>`
          : e.kind === 'photo'
            ? `<img class="post-image" alt="照片" src="${e.src}">`
            : R.body(e.msg, state.names);
      if (e.kind === 'photo') who = e.name;
      div.innerHTML =
        '<div class="avatar' +
        (e.kind === 'user' || e.kind === 'photo' ? ' me' : ' bot') +
        '">' +
        R.esc(who.slice(0, 1)) +
        '</div><div class="bubble-wrap"><div class="who">' +
        R.esc(who) +
        ' ' +
        tag +
        ' <span class="time">' +
        time(e.at) +
        '</span></div><div class="bubble">' +
        bodyHtml +
        '</div></div>';
      box.appendChild(div);
    });
    box.scrollTop = box.scrollHeight;
  }

  function renderHeader() {
    var g = state.groups.find((x) => `group:${x.name}` === state.chat);
    $('chat-title').textContent = g ? g.name : `与${state.info ? state.info.botName : '机器人'}私聊`;
    $('chat-sub').textContent = g
      ? `群聊 · 推送内容：${g.subscriptions.join('、') || '无'}`
      : '私聊 · 可发送现场照片作为进度佐证';
    $('prefix').textContent = g ? `群聊消息会自动加上 “@${state.info.botName}”` : '';
    $('image-label').style.display = g ? 'none' : '';
    $('voice-label').hidden = !longConnection();
  }

  /** The speaker and conversation survive a reload, like the history does. */
  function remember() {
    try {
      localStorage.setItem('xmdd-sandbox', JSON.stringify({ person: $('person').value, chat: state.chat }));
    } catch (_e) {
      // Private mode or storage off: a reload starts at the defaults.
    }
  }
  function recalled() {
    try {
      return JSON.parse(localStorage.getItem('xmdd-sandbox') || '{}');
    } catch (_e) {
      return {};
    }
  }

  function select(chat) {
    state.chat = chat;
    remember();
    state.unread[chat] = 0;
    renderChats();
    renderHeader();
    renderMessages();
  }

  function renderPerson() {
    var p = person();
    $('person-info').textContent = p ? `${p.unitName || ''} · ${p.roles.join('、') || '无角色'}` : '';
    if (!isGroup(state.chat)) state.chat = dmChat();
    remember();
    renderChats();
    renderHeader();
    renderMessages();
  }

  function showReply(chat, res) {
    if (res.status !== 200)
      push(chat, { kind: 'error', text: `回调返回 HTTP ${res.status}`, at: Date.now() });
    else if (res.reply) push(chat, { kind: 'reply', msg: res.reply, at: Date.now() });
  }

  function send() {
    var text = withoutMention($('input').value);
    var p = person();
    if (!text || !p) return;
    var chat = state.chat;
    var group = isGroup(chat) ? chat.slice('group:'.length) : '';
    var voice = longConnection() && $('voice').checked;
    push(chat, {
      kind: 'user',
      name: p.name,
      text: group ? `@${state.info.botName} ${text}` : text,
      voice: voice,
      at: Date.now(),
    });
    $('input').value = '';
    setStatus('发送中…');
    var body = { userId: p.userId, group: group, text: text };
    if (voice) body.voice = true;
    api('say', body).then(
      (res) => {
        showReply(chat, res);
        setStatus(
          res.reply || res.answered
            ? ''
            : longConnection()
              ? '机器人没有流式回复，结果会通过长连接发送'
              : '机器人没有同步回复，结果会通过群机器人推送',
        );
      },
      (err) => {
        push(chat, { kind: 'error', text: err.message, at: Date.now() });
        setStatus(err.message, true);
      },
    );
  }

  function sendImage(file) {
    var p = person();
    if (!file || !p) return;
    var chat = state.chat;
    var reader = new FileReader();
    reader.onload = () => {
      var src = String(reader.result);
      push(chat, { kind: 'photo', name: p.name, src: src, at: Date.now() });
      setStatus('发送照片…');
      api('image', {
        userId: p.userId,
        mime: file.type || 'image/png',
        base64: src.slice(src.indexOf(',') + 1),
      }).then(
        (res) => {
          showReply(chat, res);
          setStatus('');
        },
        (err) => {
          setStatus(err.message, true);
        },
      );
    };
    reader.readAsDataURL(file);
  }

  /** A card button: WeCom sends the press to the bot as a template_card_event. */
  function press(button) {
    var p = person();
    if (!p) return;
    var chat = state.chat;
    push(chat, { kind: 'user', name: p.name, text: `点击按钮「${button.textContent}」`, at: Date.now() });
    setStatus('发送按钮事件…');
    api('press', {
      userId: p.userId,
      taskId: button.getAttribute('data-task'),
      key: button.getAttribute('data-key'),
    }).then(
      () => {
        setStatus('');
      },
      (err) => {
        push(chat, { kind: 'error', text: err.message, at: Date.now() });
        setStatus(err.message, true);
      },
    );
  }

  function runJob() {
    var name = $('job').value;
    var date = $('job-date').value;
    $('job-result').textContent = '执行中…';
    api('job', { name: name, date: date }).then(
      (res) => {
        $('job-result').textContent = res.text;
        $('job-result').className = `job-result ${res.status}`;
      },
      (err) => {
        $('job-result').textContent = err.message;
        $('job-result').className = 'job-result failed';
      },
    );
  }

  function postChat(post) {
    return post.chat || `group:${post.label}`;
  }

  /** What this session said and was answered (kept by the sandbox server) and every post, by time. */
  function loadHistory() {
    return Promise.all([api('history'), api('events?after=0')]).then((r) => {
      var all = r[0].entries.map((e) => ({ chat: e.chat, entry: e }));
      r[1].posts.forEach((post) => {
        all.push({ chat: postChat(post), entry: { kind: 'post', msg: post, at: post.at } });
      });
      all.sort((a, b) => a.entry.at - b.entry.at);
      all.forEach((x) => {
        add(x.chat, x.entry);
      });
      state.after = r[1].next;
    });
  }

  function poll() {
    if (state.polling) return;
    state.polling = true;
    api(`events?after=${state.after}`)
      .then((res) => {
        state.after = res.next;
        res.posts.forEach((post) => {
          push(postChat(post), { kind: 'post', msg: post, at: post.at });
        });
      })
      .catch(() => {})
      .then(() => {
        state.polling = false;
      });
  }

  function init() {
    Promise.all([api('info'), api('people'), api('groups')])
      .then((r) => {
        state.info = r[0];
        state.people = r[1];
        state.groups = r[2];
        state.people.forEach((p) => {
          state.names[p.userId] = p.name;
        });
        $('person').innerHTML = state.people
          .map(
            (p) =>
              '<option value="' +
              R.esc(p.userId) +
              '">' +
              R.esc(p.name) +
              '（' +
              R.esc(p.userId) +
              '）' +
              R.esc(p.roles.join('、')) +
              '</option>',
          )
          .join('');
        var saved = recalled();
        var admin = state.people.find((p) => p.roles.indexOf('重大办') >= 0);
        if (state.people.some((p) => p.userId === saved.person)) $('person').value = saved.person;
        else if (admin) $('person').value = admin.userId;
        $('job').innerHTML = state.info.jobs
          .map((j) => `<option value="${j.name}">${R.esc(j.title)}（${j.name}）</option>`)
          .join('');
        $('job-date').value = state.info.today;
        $('examples').innerHTML = EXAMPLES.map(
          (e) => `<button type="button" class="example" data-testid="example">${R.esc(e)}</button>`,
        ).join('');
        Array.prototype.forEach.call(document.querySelectorAll('.example'), (b) => {
          b.onclick = () => {
            $('input').value = b.textContent;
            $('input').focus();
          };
        });
        var known = state.groups.some((g) => `group:${g.name}` === saved.chat) || saved.chat === dmChat();
        state.chat = known ? saved.chat : state.groups.length ? `group:${state.groups[0].name}` : dmChat();
        if (!state.info.ready) setStatus('沙盒没有回调凭据：请用 npm run sandbox 启动', true);
        $('way-in').textContent = longConnection()
          ? '接入方式：智能机器人长连接（本机模拟网关）'
          : '接入方式：群机器人回调';
        $('way-in').className = `way-in ${state.info.way || 'callback'}`;
        if (state.info.link) $('way-in').title = state.info.link.url;
        return loadHistory().then(() => {
          renderPerson();
          document.body.setAttribute('data-ready', '1');
          setInterval(poll, 700);
        });
      })
      .catch((err) => {
        setStatus(`加载失败：${err.message}`, true);
      });
    $('person').onchange = renderPerson;
    $('send').onclick = send;
    $('input').onkeydown = (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        send();
      }
    };
    $('image').onchange = () => {
      sendImage($('image').files[0]);
      $('image').value = '';
    };
    $('run-job').onclick = runJob;
    $('messages').addEventListener('click', (e) => {
      var b = e.target.closest?.('.card-button');
      if (b) press(b);
    });
    // Stay at the newest message when the window changes size or an image arrives, unless the
    // reader scrolled up to read older ones.
    var box = $('messages');
    box.onscroll = () => {
      state.atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 40;
    };
    var follow = () => {
      if (state.atBottom !== false) box.scrollTop = box.scrollHeight;
    };
    window.addEventListener('resize', follow);
    box.addEventListener('load', follow, true);
    $('side-toggle').onclick = () => {
      document.body.classList.add('side-open');
    };
    $('side-close').onclick = () => {
      document.body.classList.remove('side-open');
    };
  }
  init();
})();
