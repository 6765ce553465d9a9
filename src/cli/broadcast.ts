// `npm run broadcast -- --text "…" [--ward "Phường Hòa Bình"] [--channel telegram]
//   [--group elderly] [--title "…"] [--night] [--no-wait]`
// Sends an urgent alert through the running tutor's admin API (ADMIN_TOKEN, PORT
// or BROADCAST_API_URL from the environment or .env) and follows its counts.
import { config as loadDotenv } from 'dotenv';
import { parseArgs } from 'node:util';
import { msUntilAllowed, parseQuietHours } from '../broadcast/quiet-hours.js';

loadDotenv({ quiet: true });

const { values } = parseArgs({
  options: {
    text: { type: 'string' },
    title: { type: 'string' },
    ward: { type: 'string', multiple: true },
    channel: { type: 'string', multiple: true },
    group: { type: 'string', multiple: true },
    night: { type: 'boolean', default: false },
    'no-wait': { type: 'boolean', default: false },
    url: { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const token = process.env.ADMIN_TOKEN ?? fail('Cần ADMIN_TOKEN (trong .env hoặc biến môi trường). / ADMIN_TOKEN is required.');
if (!values.text) fail('Cần --text "nội dung cảnh báo". / --text is required.');
const base = values.url ?? process.env.BROADCAST_API_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const body = {
  text: values.text,
  ...(values.title ? { title: values.title } : {}),
  target: {
    ...(values.ward ? { wards: values.ward } : {}),
    ...(values.channel ? { channels: values.channel } : {}),
    ...(values.group ? { groups: values.group } : {}),
  },
  respectQuietHours: !values.night,
};

const response = await fetch(`${base}/api/admin/broadcasts`, { method: 'POST', headers, body: JSON.stringify(body) }).catch(() =>
  fail(`Không kết nối được tới ${base}: trợ lý có đang chạy không? / Cannot reach ${base}: is the tutor running?`),
);
const created = (await response.json()) as { id?: string; error?: string };
if (!response.ok || !created.id) fail(`Lỗi ${response.status}: ${created.error ?? 'không rõ'}`);
console.log(`Đã tạo đợt gửi / broadcast created: ${created.id}`);
if (values['no-wait']) process.exit(0);

// Quiet hours as the tutor reads them (same .env): say plainly that the alert waits for the morning.
const quietHours = process.env.QUIET_HOURS ?? '21:00-07:00';
const quiet = parseQuietHours(quietHours, process.env.TIMEZONE ?? 'Asia/Ho_Chi_Minh');
for (;;) {
  const summary = (await (await fetch(`${base}/api/admin/broadcasts/${created.id}`, { headers })).json()) as { status: string; counts: Record<string, number> };
  const { queued, sent, failed, skipped } = summary.counts;
  const waiting = summary.status !== 'done' && !values.night && msUntilAllowed(Date.now(), quiet) > 0;
  const note = waiting ? ` — giờ yên tĩnh (${quietHours}): sẽ gửi lúc ${quietHours.split('-')[1]} / quiet hours: sends at ${quietHours.split('-')[1]}` : '';
  console.log(`${summary.status}: queued ${queued}, sent ${sent}, failed ${failed}, skipped ${skipped}${note}`);
  if (waiting && !sent && !failed && !skipped) {
    console.log('Đợt gửi sẽ tự chạy vào buổi sáng; có thể đóng cửa sổ này. / It will run by itself in the morning; you may close this window.');
    break;
  }
  if (summary.status === 'done') break;
  await new Promise((resolve) => setTimeout(resolve, 2000));
}
