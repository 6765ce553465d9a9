// `npm run operator -- add --username U --password P --role admin|staff|volunteer [--ward "…"]`
// `npm run operator -- passwd --username U --password P` · `npm run operator -- list`
// `npm run operator -- rebuild-stats` (counts residents who wrote before the dashboard existed, and maps wards they typed to the directory)
// Works on the same store as the tutor (REDIS_URL, or DATA_DIR for the embedded one), running or not.
import { config as loadDotenv } from 'dotenv';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hashPassword } from '../console/auth/password.js';
import { StatsKeeper } from '../console/stats/aggregate.js';
import { mapTypedWards } from '../console/wards/map-typed.js';
import { matchWard } from '../engine/wards/match.js';
import { ContentHolder } from '../runtime/content-holder.js';
import { defaultContentPaths, loadWardDirectory } from '../content/loader.js';
import { flowSources } from '../content/registry.js';
import { createStore, type OperatorRole, type Store } from '../store/index.js';

loadDotenv({ quiet: true });

const ROLES: OperatorRole[] = ['admin', 'staff', 'volunteer'];
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    username: { type: 'string' },
    password: { type: 'string' },
    role: { type: 'string' },
    ward: { type: 'string', multiple: true },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = createStore({ redisUrl: process.env.REDIS_URL || undefined, redisPrefix: process.env.REDIS_PREFIX || 'hvs:', dataDir: process.env.DATA_DIR || './data' });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Ward names are checked against content/wards.yaml and saved as the directory's name. */
async function wardsOf(names: string[]): Promise<string[]> {
  const { directory } = await loadWardDirectory(path.resolve(process.env.CONTENT_ROOT ?? '.', 'content'));
  if (directory.wards.length === 0) return names;
  return names.map((name) => {
    const match = matchWard(name, directory);
    if (match.kind !== 'ward')
      fail(`Không có phường/xã "${name}" trong content/wards.yaml${match.kind === 'unclear' ? ` (có phải: ${match.candidates.map((w) => w.name).join(', ')}?)` : ''}. / Unknown ward.`);
    return match.ward.name;
  });
}

const command = positionals[0];
if (command === 'add') {
  const username = values.username?.trim() ?? '';
  if (!/^[a-zA-Z0-9._-]{3,64}$/.test(username)) fail('--username: 3–64 chữ cái không dấu, số, dấu . _ - / 3–64 letters, digits, . _ -');
  const role = values.role as OperatorRole;
  if (!ROLES.includes(role)) fail('--role: admin, staff hoặc volunteer / --role must be admin, staff or volunteer');
  if (role === 'staff' && !values.ward?.length) fail('Cán bộ phường cần --ward "Tên phường" (có thể lặp lại). / Staff need at least one --ward.');
  const passwordHash = await hashPassword(values.password ?? '').catch((error: Error) => fail(error.message));
  const wards = await wardsOf(values.ward ?? []);
  await withStore(async (store) => {
    if (await store.operators.account(username)) fail(`Đã có tài khoản "${username}"; đổi mật khẩu bằng: npm run operator -- passwd --username ${username} --password … / Account exists.`);
    await store.operators.saveAccount({ username, role, wards, passwordHash, createdAt: new Date().toISOString() });
    await store.operators.audit({ at: new Date().toISOString(), username: 'cli', action: 'account.add', detail: `${username} (${role}${wards.length ? `: ${wards.join(', ')}` : ''})` });
  });
  console.log(`✓ Đã tạo tài khoản ${username} (${role}${wards.length ? `, ${wards.join(', ')}` : ''}). Đăng nhập ở /admin/login. / Account created.`);
} else if (command === 'passwd') {
  const passwordHash = await hashPassword(values.password ?? '').catch((error: Error) => fail(error.message));
  await withStore(async (store) => {
    const account = await store.operators.account(values.username ?? '');
    if (!account) fail(`Không có tài khoản "${values.username}". / No such account.`);
    await store.operators.saveAccount({ ...account, passwordHash });
    await store.operators.audit({ at: new Date().toISOString(), username: 'cli', action: 'account.passwd', detail: account.username });
  });
  console.log('✓ Đã đổi mật khẩu. / Password changed.');
} else if (command === 'list') {
  await withStore(async (store) => {
    for (const a of await store.operators.accounts()) console.log(`${a.username}\t${a.role}\t${a.wards.join(', ')}`);
  });
} else if (command === 'rebuild-stats') {
  const root = path.resolve(process.env.CONTENT_ROOT ?? '.');
  const content = await ContentHolder.load(defaultContentPaths(root), flowSources);
  if (Array.isArray(content)) fail('Nội dung có lỗi; chạy npm run content:check. / Content has problems.');
  const directory = content.registry.wards;
  const { counted, mapped, cleared } = await withStore(async (store) => {
    // Typed wards first, so the counts below already see the directory's names.
    const typed = await mapTypedWards(store, directory);
    const counted = await new StatsKeeper(
      store,
      () => content.registry,
      () => directory,
      process.env.TIMEZONE || 'Asia/Ho_Chi_Minh',
    ).backfill();
    return { counted, ...typed };
  });
  console.log(`✓ Phường/xã gõ tay đã khớp danh bạ: ${mapped}; "Bỏ qua" không còn tính là phường: ${cleared}. / Typed wards mapped: ${mapped}; skip words cleared: ${cleared}.`);
  console.log(`✓ Đã cập nhật số liệu cho ${counted} người dân. / Counted ${counted} residents.`);
} else {
  fail('Dùng / usage: npm run operator -- add --username U --password P --role admin|staff|volunteer [--ward "…"] | passwd --username U --password P | list | rebuild-stats');
}
