import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../../src/parse/mime/charset.js';

describe('decodeBytes', () => {
  it.each([
    ['shift_jis', 'メールアドレスが見つかりません'],
    ['Shift_JIS', '①宛先不明'],
    ['euc-jp', '宛先不明'],
    ['iso-8859-2', 'jsem mimo kancelář'],
    ['koi8-r', 'нахожусь в отпуске'],
    ['gb2312', '我正在休假'],
    ['euc-kr', '휴가 중'],
    ['windows-1251', 'Нет такого пользователя'],
  ])('decodes text labelled %s', (charset, text) => {
    const encoder = charset.toLowerCase() === 'shift_jis' ? 'cp932' : charset;
    expect(decodeBytes(iconv.encode(text, encoder), charset)).toBe(text);
  });

  it('guesses an unknown label from the bytes', () => {
    expect(decodeBytes(iconv.encode('宛先不明', 'cp932'), 'x-no-such')).toBe('宛先不明');
  });
});
