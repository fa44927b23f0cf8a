/**
 * Mailbox providers anyone can sign up to: an address there says nothing about which company
 * a person works for, so the domain rule never uses them (a workspace can add more in config).
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'ymail.com', 'rocketmail.com',
  'hotmail.com', 'hotmail.co.uk', 'hotmail.fr', 'hotmail.de', 'outlook.com', 'outlook.fr', 'live.com', 'live.co.uk', 'msn.com',
  'aol.com', 'icloud.com', 'me.com', 'mac.com', 'proton.me', 'protonmail.com', 'pm.me', 'gmx.com', 'gmx.de', 'gmx.net',
  'web.de', 't-online.de', 'mail.com', 'yandex.com', 'yandex.ru', 'mail.ru', 'zoho.com', 'fastmail.com', 'hey.com',
  'qq.com', '163.com', '126.com', 'orange.fr', 'free.fr', 'laposte.net', 'btinternet.com', 'sky.com', 'comcast.net',
  'verizon.net', 'att.net', 'sbcglobal.net', 'bigpond.com', 'naver.com', 'libero.it', 'virgilio.it', 'seznam.cz', 'wp.pl',
]);
