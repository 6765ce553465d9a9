// Generic scam signals, independent of any one pattern: requests for secret
// codes or money, threats, urgency, secrecy, offers too good to be true, and
// impersonation. Phrases are written without diacritics unless a diacritic
// changes the meaning ("gấp" urgent vs "gặp" meet); see prepared-text.ts.
import { flag, type Flag, type FlagCode } from './flags.js';
import { findAffirmed, findPhrase, matchesRegex, type PreparedText } from './prepared-text.js';

type Phrase = string | RegExp;

interface PhraseSignal {
  code: FlagCode;
  phrases: Phrase[];
  /** Skip occurrences after "không", "đừng"… (a real notice saying what never to do). */
  negatable: boolean;
}

const PHRASE_SIGNALS: PhraseSignal[] = [
  {
    code: 'safe-account',
    negatable: true,
    phrases: [
      'tai khoan an toan',
      'tai khoan tam giu',
      'tai khoan chuyen dung',
      'tai khoan giam sat',
      'tai khoan cua co quan dieu tra',
      'chung minh nguon tien',
      'xac minh nguon tien',
      'kiem tra dong tien',
      'xac minh dong tien',
      'chung minh tai san',
      'phong toa tai san',
      'tam giu tai san',
      'tai khoan niem phong',
      'chung minh trong sach',
      /tai khoan (do|cua) co quan/,
      /chuyen (tien|khoan|het tien) (de|cho) (co quan |cong an |chung toi )?(kiem tra|xac minh|doi chieu|dieu tra)/,
    ],
  },
  {
    code: 'remote-app',
    negatable: true,
    phrases: ['anydesk', 'teamviewer', 'ultraviewer', 'rustdesk', 'airdroid', 'chia se man hinh', 'dieu khien tu xa', 'ho tro tu xa'],
  },
  {
    code: 'transfer-request',
    negatable: true,
    phrases: [
      'chuyen tien vao',
      'chuyen khoan vao',
      'chuyen tien gap',
      'chuyen khoan gap',
      'chuyen ngay',
      'chuyen truoc',
      'chuyen giup',
      'chuyen khoan giup',
      'chuyen tien giup',
      'nop tien',
      'nap tien',
      'nap them',
      'dong phi',
      'nop phi',
      'phi ho so',
      'phi giai ngan',
      'phi bao hiem khoan vay',
      'phi kich hoat',
      'phi xac minh',
      'phi thu tuc',
      'phi nhan thuong',
      'phi rut tien',
      'phi mo khoa',
      'phi dich vu lay lai',
      'dat coc',
      'ky quy',
      'ung truoc',
      'cho vay tam',
      'muon tam',
      'cho muon',
      'thanh toan phi',
      'thanh toan truoc',
      'tien dam bao',
      'phi bao lanh',
      'phi van chuyen quoc te',
      'phi thong quan', // Not "đã chuyển…", "…rồi nhé": telling that money was sent is not asking for it.
      /(?<!(da|vua) )chuyen (tien|khoan) (cho|den|giup) (em|anh|chi|chu|co|minh|toi|chung toi|chau|con|bo|me|ong|ba)\b(?!.{0,30}\broi\b)/,
      // "đóng 250k phí…", "nộp trước 2 triệu tiền…": a sum to pay before anything is given.
      /(dong|nop|chuyen|thanh toan) (truoc )?\d+[\d.,]* ?(k|nghin|ngan|trieu|tr|d|dong|vnd)? ?(phi|tien phi|le phi)/,
      /(?<!(da|vua) )chuyen (tien |khoan |het )?(so du )?(ve|vao|sang|den) (so )?(tai khoan|stk)\b/,
      /(?<!(da|vua) )(chuyen|chuyen khoan|dong|nop) (ngay |gap |truoc )?\d+[\d.,]* ?(trieu|tr)\b/,
      // "lệ phí trước bạ 2,5 triệu": a fee of millions asked in a message.
      /\bphi( \p{L}+){0,3} \d+[\d.,]* ?(trieu|tr)\b/u,
    ],
  },
  {
    code: 'threat',
    negatable: false,
    phrases: [
      'khoi to',
      'bat giam',
      'tam giam',
      'lenh bat',
      'truy na',
      'truy to',
      'vu an',
      /duong day(?! nong)/,
      'rua tien',
      'ma tuy',
      'buon lau',
      'cuong che',
      'vo hieu hoa',
      'thu hoi sim',
      'khoa sim',
      'khoa hai chieu',
      'khoa 2 chieu',
      'bi khoa',
      'se khoa',
      'tam khoa',
      'phong toa',
      'dong bang',
      'dinh chi',
      'bi treo',
      'no xau',
      'trach nhiem hinh su',
      'xu ly hinh su',
      'xu ly theo quy dinh phap luat',
      'xu ly theo phap luat',
      'bi phat',
      'giay trieu tap',
      'lenh trieu tap',
      'niem phong',
      'chiem doat tai san',
      'cat lien lac',
      'khoa thue bao',
      /(bi|se) (cat|ngung cap|ngat) dien/,
      /ngung (hoat dong|cung cap dich vu)/,
      'mat quyen loi',
      'bi thu hoi',
    ],
  },
  {
    code: 'secrecy',
    negatable: false,
    phrases: [
      'khong duoc noi',
      'giu bi mat',
      'bi mat dieu tra',
      'khong duoc tiet lo',
      'khong noi voi ai',
      'khong cho nguoi nha biet',
      'khong de ai biet',
      'khong duoc chia se voi nguoi than',
      'tim phong rieng',
      'o mot minh',
      'bi mat tuyet doi',
      'khong thong bao cho nguoi than',
      'ho so mat',
      /(dung|khong duoc) (noi|ke|bao) (voi|cho) (ai|me|bo|nguoi nha|vo|chong|con)/,
    ],
  },
  {
    code: 'too-good',
    negatable: true,
    phrases: [
      'trung thuong',
      'trung giai',
      'da trung',
      'luong cao',
      'viec nhe',
      'cam ket loi nhuan',
      'loi nhuan cao',
      'lai cao',
      'bao lai',
      'hoa hong',
      'x2 tai khoan',
      'gap doi so tien',
      'khong can the chap',
      'khong can chung minh thu nhap',
      'khong tham dinh',
      'chi can cccd',
      'chi can can cuoc',
      'lam tai nha',
      'khong can kinh nghiem',
      'tuyen cong tac vien',
      'tuyen ctv',
      'qua tri an',
      'an tien',
      'kiem tien online',
      'lay lai tien',
      'thu hoi tien',
      'ho tro lay lai',
      'lay lai so tien',
      'bao dau',
      'bao visa',
      'thu nhap hap dan',
      'thu nhap khung',
      'co hoi duy nhat',
      'nhiem vu don gian',
      'lai suat 0',
      'mien phi 100',
      /\d+ ?(trieu|tr|k|nghin|ngan) ?(moi |mot |1 |\/ ?)?(ngay|gio|nhiem vu|don|luot)/,
      /moi (luot|don|nhiem vu|video) (duoc )?\d+/,
      // Folded text has no "%": "lãi 15%/tuần" reads "lai 15 tuan".
      /loi nhuan (toi thieu |den |len den |tu )?\d+/,
      /lai (toi thieu |den |len den |tu )?\d+ ?(phan tram )?(moi |mot )?(ngay|tuan|thang)/,
      'hoan tien neu lo',
      'cam ket khong lo',
      'dam bao khong lo',
      'khong can bang cap',
      'khong can ngoai ngu',
      'chiu toan bo chi phi',
      'lo toan bo chi phi',
      /\btrung (1 |mot )?(xe|giai|iphone|dien thoai|tien|thuong|sh|qua)/,
    ],
  },
  {
    code: 'install-app',
    negatable: true,
    // "tải" (download) is written with its diacritics: folded it is "tại" (at), as in "tra cứu tại ứng dụng".
    phrases: [
      'tải ứng dụng',
      'cai ung dung',
      'cai dat ung dung',
      'tải app',
      'cai app',
      'cai dat app',
      'tải về máy',
      'tep apk',
      'file apk',
      'apk',
      'tải phần mềm',
      'cai phan mem',
      'cai dat phan mem',
      'tải bản cập nhật',
      'cai ban cap nhat',
      'tải file',
    ],
  },
  {
    code: 'urgency',
    negatable: false,
    phrases: [
      'ngay lap tuc',
      'khẩn cấp',
      'khẩn',
      'gấp',
      'khan cap',
      'han chot',
      'het han',
      'sap het han',
      'ngay hom nay',
      'ngay bay gio',
      'cang som cang tot',
      'lan cuoi',
      'qua han',
      'kip thoi',
      'chi con',
      /trong (vong )?\d+ ?(gio|phut|tieng|h)\b/,
      /truoc \d+ ?(h|gio)/,
    ],
  },
  {
    code: 'money-mention',
    negatable: true,
    phrases: ['chuyen tien', 'chuyen khoan', 'so tai khoan', 'stk', 'gui tien', 'thanh toan'],
  },
];

const IMPERSONATED: { name: string; phrases: string[] }[] = [
  { name: 'Công an', phrases: ['cong an', 'canh sat', 'bo cong an', 'co quan dieu tra', 'cuc an ninh', 'dieu tra vien'] },
  { name: 'Tòa án, Viện kiểm sát', phrases: ['toa an', 'tand', 'vien kiem sat', 'vksnd'] },
  { name: 'Cơ quan thuế', phrases: ['cuc thue', 'chi cuc thue', 'co quan thue', 'tong cuc thue', 'can bo thue', 'ma so thue'] },
  { name: 'Điện lực', phrases: ['dien luc', 'evn', 'cong ty dien', 'tien dien'] },
  { name: 'Bảo hiểm xã hội', phrases: ['bao hiem xa hoi', 'bhxh', 'vssid'] },
  { name: 'VNeID, định danh điện tử', phrases: ['vneid', 'dinh danh dien tu', 'dinh danh muc 2', 'tai khoan dinh danh', 'muc 2'] },
  { name: 'Nhà mạng', phrases: ['nha mang', 'viettel', 'vinaphone', 'mobifone', 'tong dai vien thong', 'vien thong'] },
  { name: 'Bưu điện, giao hàng', phrases: ['buu dien', 'vnpost', 'buu cuc', 'hai quan', 'buu chinh'] },
  { name: 'Sàn mua sắm', phrases: ['shopee', 'lazada', 'tiki', 'tiktok shop', 'san thuong mai dien tu'] },
  {
    name: 'Ngân hàng',
    phrases: [
      'ngan hang',
      'vietcombank',
      'vcb',
      'vietinbank',
      'bidv',
      'agribank',
      'techcombank',
      'mbbank',
      'mb bank',
      'acb',
      'sacombank',
      'tpbank',
      'vpbank',
      'hdbank',
      'napas',
      'the visa',
      'mastercard',
      'vi dien tu',
      'momo',
      'zalopay',
    ],
  },
];

/** Flags from the phrase tables, once per code. */
export function phraseFlags(prepared: PreparedText): Flag[] {
  const flags: Flag[] = [];
  for (const signal of PHRASE_SIGNALS) {
    const hit = signal.phrases.find((phrase) => phraseHit(prepared, phrase, signal.negatable));
    if (hit !== undefined) flags.push(flag(signal.code, typeof hit === 'string' ? hit : undefined));
  }
  // A transfer request already says it; don't count money twice.
  if (flags.some((f) => f.code === 'transfer-request')) return flags.filter((f) => f.code !== 'money-mention');
  return flags;
}

export function phraseHit(prepared: PreparedText, phrase: Phrase, negatable: boolean): boolean {
  if (phrase instanceof RegExp) return matchesRegex(prepared, phrase);
  return negatable ? findAffirmed(prepared, phrase).length > 0 : findPhrase(prepared, phrase).length > 0;
}

/** Who the message claims to come from, if it names an authority, a bank or a service provider. */
export function impersonatedNames(prepared: PreparedText): string[] {
  return IMPERSONATED.filter((entry) => entry.phrases.some((phrase) => findPhrase(prepared, phrase).length > 0)).map((entry) => entry.name);
}

const SECRET_OBJECTS = [
  'otp',
  'ma xac thuc',
  'ma xac nhan',
  'mat khau',
  'mat ma',
  'ma pin',
  'ma bao mat',
  'so the',
  'cvv',
  'so can cuoc',
  'so cccd',
  'cccd',
  'can cuoc',
  'cmnd',
  'chung minh nhan dan',
  'anh chan dung',
  'khuon mat',
  'sinh trac hoc',
  'ten dang nhap',
  'thong tin dang nhap',
  'thong tin the',
  'ma kich hoat',
  'ma giao dich',
  'day ma',
  'day so',
  'ma vua',
  'ma so vua',
  'so mat sau the',
  'anh hai mat',
  'ma so gui ve',
  'ma gui ve',
  'ma so duoc gui',
];
const GIVE_ACTIONS = ['cung cap', 'gui', 'gui lai', 'doc', 'chia se', 'bao lai', 'nhan tin', 'chup', 'chup anh', 'quay video', 'nhan lai', 'ibox', 'inbox', 'gui qua zalo'];
const ENTER_ACTIONS = ['nhap', 'dien', 'dang nhap', 'xac thuc', 'xac minh', 'cap nhat', 'quet', 'kich hoat', 'khai bao'];

/**
 * Asks for a secret (OTP, password, ID photo, face scan). "Give it to us" counts
 * anywhere; "enter it" counts only when the message also carries a link that
 * is not official, because a real bank SMS tells you to type the code in its app.
 */
export function credentialRequest(clauses: PreparedText[], hasNonOfficialLink: boolean): Flag | undefined {
  for (const clause of clauses) {
    const object = SECRET_OBJECTS.find((phrase) => findPhrase(clause, phrase).length > 0);
    if (!object) continue;
    const give = GIVE_ACTIONS.some((action) => findAffirmed(clause, action).some((at) => !isPassive(clause, at)));
    const enter = hasNonOfficialLink && ENTER_ACTIONS.some((action) => findAffirmed(clause, action).length > 0);
    if (give || enter) return flag('credential-request', object);
  }
  return undefined;
}

/** "mã đã được gửi đến số của quý khách" describes, it does not ask. */
function isPassive(clause: PreparedText, at: number): boolean {
  const before = clause.folded.slice(Math.max(0, at - 2), at);
  return before.includes('duoc') || before.includes('da');
}

const LINK_ACTIONS = [
  'dang nhap',
  'cap nhat',
  'xac thuc',
  'kich hoat',
  'nhan vao',
  'bam vao',
  'truy cap',
  'click',
  'nhap vao',
  'vao link',
  'theo link',
  'tai day',
  'duong dan',
  'nhan qua',
  'nhan hoan tien',
  'khai bao',
  'huy tai',
  'huy giao dich',
  'xac nhan tai',
  'cap nhat tai',
  'doi qua tai',
  'nhan tai',
];

/** The message asks to open its (non-official) link to log in, update, claim… */
export function linkAction(prepared: PreparedText): Flag | undefined {
  const action = LINK_ACTIONS.find((phrase) => findAffirmed(prepared, phrase).length > 0);
  return action ? flag('link-action', action) : undefined;
}

const OFFICIAL_STORE = ['ch play', 'google play', 'app store', 'appstore', 'kho ung dung', 'cua hang ung dung', 'cua hang play'];

/** "Tải VNeID trên CH Play" is advice, not a trap. */
export function mentionsOfficialStore(prepared: PreparedText): boolean {
  return OFFICIAL_STORE.some((phrase) => findPhrase(prepared, phrase).length > 0);
}

const CHAT_CONTACT = ['zalo', 'telegram', 'ket ban', 'viber', 'whatsapp', 'messenger', 'nhan tin qua'];

export function mentionsPrivateChat(prepared: PreparedText): boolean {
  return CHAT_CONTACT.some((phrase) => findAffirmed(prepared, phrase).length > 0);
}

const LINK_WORDS = ['link', 'duong link', 'duong dan', 'tai day', 'trang web'];

/** "Cài theo đường link tôi gửi": an install that does not go through an official store. */
export function mentionsLink(prepared: PreparedText): boolean {
  return LINK_WORDS.some((phrase) => findPhrase(prepared, phrase).length > 0);
}

// Words of a real warning ("giả danh", "thủ đoạn", "tuyệt đối không"): scammers
// don't describe themselves that way. Used to mute context flags, never link flags.
const WARNING_WORDS = ['gia danh', 'mao danh', 'gia mao', 'thu doan', 'khuyen cao', 'de phong', 'canh giac', 'tuyet doi khong', 'khong bao gio yeu cau', 'doi tuong'];

export function isWarningNotice(prepared: PreparedText): boolean {
  return WARNING_WORDS.some((phrase) => findPhrase(prepared, phrase).length > 0);
}
