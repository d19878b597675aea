// What every browser test of this suite shares: which Chromium, how it is started, and the
// CI rule (a missing browser or package fails the run instead of skipping it).

export const CHROMIUM = process.env.BULLETIN_CHROMIUM || '/usr/bin/chromium';
export const CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
