/** Japanese wording of the commonest verdicts (carriers and Japanese MTAs, UTF-8 decoded). */
export const JA = {
  userunknown: String.raw`宛先(?:が|の)?(?:見つかりません|不明)|(?:メール)?アドレス(?:が|は)(?:見つかりません|存在しません|登録されていません)|存在しない(?:メール)?(?:アドレス|ユーザ)|(?:アドレス|ユーザー?|アカウント)(?:は|が)存在しません|該当するユーザ|ディレクトリのリストにありません`,
  mailboxfull: String.raw`(?:メールボックス|メールBOX|受信箱)の容量を?超|容量(?:を)?超過|容量(?:が)?(?:不足|オーバー)|メールボックスが(?:いっぱい|一杯|満杯)`,
  suspend: String.raw`利用(?:を)?停止|(?:アカウント|メールボックス)(?:が|は)?(?:停止|無効)`,
  emailtoolarge: String.raw`(?:サイズ|容量)(?:が|の)?(?:制限|上限)を?超え|メールが大きすぎ`,
};
