import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decryptMessage,
  encryptMessage,
  signature,
  validAesKey,
  verifySignature,
} from '../../src/wecom/crypto.ts';
import { normalise, webhookKeyFrom } from '../../src/wecom/payload.ts';

// Vectors from research/wecom-protocol.md §6.
const R = {
  token: 'xxx',
  key: 'x'.repeat(43),
  sig: '09380007d4f0891d966988e5450ad794c77fa01c',
  ts: '1703041184',
  nonce: '1703023880',
  query: 'oCdlC8pJ%2FDIjXnC8F9reyjDYlSImCmIgxA4prPD%2Bl2Fj5qBHjFiWnpelQofsDCJrSEvNVTET6oQmoXLQxzUkyQ%3D%3D',
};
const A = {
  token: 'QDG6eK',
  key: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  corp: 'wx5823bf96d3bd56c7',
  echo: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
  post: 'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
};
const B = {
  token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo',
  key: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
  corp: 'ww1436e0e65a779aee',
  echo: 'fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==',
  post: 'Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+',
};
const C =
  'cjhLUX7UU4yCSelv1vz7T0zT8huF51bAMVWriNvO1FMegHrQZNrtvRxbwf0fUPsFvwqR0U0fgiJNEA5Y30F2MoI2S7vv3EjVQ68C0cjw9frBoUE2Hj0BvFp9h3u6Vbsg4lc1C8AtHdaN8orKuNKkLRLuYEL52R1J3v8olJGZRLnRdVKIivixmX/eQpzgeExtp20jI1HxRP1AAZ6xZoILdqDPO549LO4WeG+685JRUTdiwcY5fjZlqeMxuT4PpMn1X9OWsS7NRj06Wa5E3Tvg4twjWp39KPfOdRte6P1T4JU=';

describe('WXBizMsgCrypt known answers', () => {
  it('R: robot URL verification (receiveid "")', () => {
    const echostr = new URLSearchParams(`e=${R.query}`).get('e')!;
    expect(echostr).toContain('+');
    expect(verifySignature(R.token, R.ts, R.nonce, echostr, R.sig)).toBe(true);
    expect(decryptMessage(R.key, echostr, '')).toBe('6534946348215556778');
  });

  it('A: app verification and message', () => {
    expect(signature(A.token, '1409659589', '263014780', A.echo)).toBe(
      '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    );
    expect(decryptMessage(A.key, A.echo, A.corp)).toBe('1616140317555161061');
    expect(
      verifySignature(
        A.token,
        '1409659813',
        '1372623149',
        A.post,
        '477715d11cdb4164915debcba66cb864d751f3e6',
      ),
    ).toBe(true);
    const xml = decryptMessage(A.key, A.post, A.corp);
    expect(xml).toContain('<Content><![CDATA[hello]]></Content>');
    expect(xml).toContain('4561255354251345929');
    expect(xml).toContain('<AgentID>218</AgentID>');
  });

  it('B: app verification and a Chinese message', () => {
    expect(signature(B.token, '1476416373', '47744683', B.echo)).toBe(
      '012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb',
    );
    expect(decryptMessage(B.key, B.echo, B.corp)).toBe('1288432023552776189');
    expect(signature(B.token, '1476422779', '1597212914', B.post)).toBe(
      '0c3914025cb4b4d68103f6bfc8db550f79dcf48e',
    );
    const xml = decryptMessage(B.key, B.post, B.corp);
    expect(xml).toContain('你好');
    expect(xml).toContain('ChenJiaShun');
  });

  it('C: JSON envelope decrypts with B credentials to the (malformed) JSON', () => {
    expect(signature(B.token, '1409659813', '1372623149', C)).toBe(
      'e3647471e395139e2308c1fa963f2d648a00b90e',
    );
    const plain = decryptMessage(B.key, C, B.corp);
    expect(plain).toContain('"FromUserName": :mycreate"');
    expect(() => normalise(plain, 'robot-json', new Date())).toThrow();
  });

  it('S: encrypting with a fixed random reproduces the vector', () => {
    const msg = '{"msgtype":"text","text":{"content":"hi"}}';
    const enc = encryptMessage('x'.repeat(43), msg, '', Buffer.from('0123456789abcdef'));
    expect(enc).toBe(
      'Rdc0mLGRTYDhkkNkpDdd2KT2cLfwCM1d45A5BF7raAhGMpWrFdu2/vQI0F+4m3By3Hhf79vS0XVquKuomye28g==',
    );
    expect(signature('xxx', '1700000000', 'nonce1', enc)).toBe('4090b6413bea95e41613b37937143d9f15b14751');
  });

  it('negative: a + turned into a space breaks signature and decryption', () => {
    const mangled = A.echo.replace(/\+/g, ' ');
    expect(signature(A.token, '1409659589', '263014780', mangled)).toBe(
      'f4455856ea39cd4169aad045937055fde10bc819',
    );
    expect(
      verifySignature(
        A.token,
        '1409659589',
        '263014780',
        mangled,
        '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
      ),
    ).toBe(false);
    expect(() => decryptMessage(A.key, mangled, A.corp)).toThrow();
  });

  it('negative: the wrong key or receiveid is refused, not returned as garbage', () => {
    expect(() => decryptMessage(B.key, A.echo, A.corp)).toThrow();
    expect(() => decryptMessage(A.key, A.echo, '')).toThrow(/another receiver/);
    expect(verifySignature(A.token, '1409659589', '263014780', A.echo, 'short')).toBe(false);
  });

  it('round-trips any message with any receiveid', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('', 'wwcorp'), (msg, id) => {
        expect(decryptMessage(A.key, encryptMessage(A.key, msg, id), id)).toBe(msg);
      }),
    );
  });

  it('knows a usable EncodingAESKey', () => {
    expect(validAesKey(A.key)).toBe(true);
    expect(validAesKey('x'.repeat(42))).toBe(false);
  });
});

describe('payload normalisation', () => {
  it('reads the robot XML fields and keeps 19-digit MsgIds exact', () => {
    const plain =
      '<xml><WebhookUrl><![CDATA[https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-123]]></WebhookUrl><MsgId><![CDATA[4561255354251345929]]></MsgId><ChatId><![CDATA[wrkSFfCgAA]]></ChatId><ChatType>group</ChatType><From><UserId>zhangsan</UserId><Name>张三</Name></From><MsgType>mixed</MsgType><MixedMessage><MsgItem><MsgType>text</MsgType><Text><Content>@项目调度助手 看图</Content></Text></MsgItem><MsgItem><MsgType>image</MsgType><Image><ImageUrl>https://img/1</ImageUrl></Image></MsgItem></MixedMessage></xml>';
    const { message } = normalise(plain, 'robot-xml', new Date(0));
    expect(message).toMatchObject({
      msgId: '4561255354251345929',
      chatId: 'wrkSFfCgAA',
      chatType: 'group',
      userId: 'zhangsan',
      userName: '张三',
      kind: 'mixed',
      text: '@项目调度助手 看图',
      imageUrls: ['https://img/1'],
    });
    expect(webhookKeyFrom(message.webhookUrl)).toBe('abc-123');
  });

  it('reads the 智能机器人 JSON fields and gives events a stable id', () => {
    const plain = JSON.stringify({
      msgid: 'm1',
      chatid: 'wrA',
      chattype: 'group',
      from: { userid: 'lisi' },
      response_url: 'https://x/resp?response_code=1',
      msgtype: 'text',
      text: { content: '@RobotA 查 贺巴' },
    });
    expect(normalise(plain, 'aibot', new Date(0)).message).toMatchObject({
      msgId: 'm1',
      channel: 'aibot',
      userId: 'lisi',
      text: '@RobotA 查 贺巴',
      responseUrl: 'https://x/resp?response_code=1',
    });
    const event =
      '<xml><ChatId>wrE</ChatId><MsgType>event</MsgType><Event><EventType>add_to_chat</EventType></Event></xml>';
    const a = normalise(event, 'robot-xml', new Date(0)).message;
    expect(a.msgId).toBe(normalise(event, 'robot-xml', new Date(1)).message.msgId);
    expect(a).toMatchObject({ kind: 'event', eventType: 'add_to_chat', chatId: 'wrE' });
  });
});
