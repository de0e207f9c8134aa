// DEV ONLY (`vite --mode mock`, through lib/mock-backend.ts): the register before it is open and
// its encryption, imitated in memory, to look at the screens in a browser.
//
// URL switch: ?register=missing (first start: choose a passphrase or no encryption)
//             ?register=encrypted (the unlock screen; the passphrase is "correct horse battery",
//             any 100 hex digits are a recovery key)  ?register=plain (an unencrypted register)
import type { ApiError } from '../bindings/ApiError';
import type { Lang } from '../bindings/Lang';
import type { RegisterView } from '../bindings/RegisterView';

const params = new URLSearchParams(typeof location === 'undefined' ? '' : location.search);
const PATH = '/home/office/.local/share/org.clearance-tracker/register.db';
const MIN = 12;

type Handler = (args: Record<string, unknown>) => unknown;

export function mockRegisterHandlers(lang: () => Lang): Record<string, Handler> {
  const asked = params.get('register');
  let state: RegisterView['state'] = asked === 'missing' || asked === 'encrypted' ? asked : 'open';
  let encrypted = asked === 'encrypted' || (asked !== 'plain' && asked !== 'missing');
  let passphrase = 'correct horse battery';
  let fresh = false;
  const say = (zh: string, en: string) => (lang() === 'en' ? en : zh);
  const refuse = (field: string | null, code: string, message: string): never => {
    throw { code, message, errors: field ? [{ field, code, message }] : [] } satisfies ApiError;
  };
  let serverChoice = { server: false, host: '', port: 5432, database: '', user: '', tls: true, ca_file: null as string | null };
  const view = (): RegisterView => ({
    state,
    path: PATH,
    encrypted,
    read_only: false,
    lang: lang(),
    min_passphrase_chars: MIN,
    recovery_sheet_offered: fresh,
    server: null,
  });
  const checkNew = (p: string, repeat: string, field = 'passphrase') => {
    if ([...p].length < MIN) refuse(field, 'key.too_short', say(`口令至少需要 ${MIN} 个字符(现为 ${[...p].length} 个)`, `The passphrase must have at least ${MIN} characters (it has ${[...p].length})`));
    if (p !== repeat) refuse('repeat', 'key.mismatch', say('两次输入的口令不一致,未作任何更改', 'The two passphrases differ; nothing was changed'));
  };
  const slow = () => new Promise((r) => setTimeout(r, 900));
  return {
    register_state: () => view(),
    register_create: async ({ passphrase: p, repeat, confirmNoEncryption }) => {
      if (p) {
        checkNew(String(p), String(repeat ?? ''));
        await slow();
        passphrase = String(p);
        encrypted = true;
        fresh = true;
      } else if (!confirmNoEncryption) {
        refuse('encryption', 'register.choose_encryption', say('请设置口令,或明确选择“不加密”', 'Set a passphrase, or choose No encryption explicitly'));
      } else {
        encrypted = false;
      }
      state = 'open';
      return view();
    },
    register_unlock: async ({ secret, recovery }) => {
      await slow();
      const s = String(secret);
      if (recovery) {
        if (s.replace(/[\s-]/g, '').length !== 100) {
          refuse('recovery_key', 'key.recovery_malformed', say('这不是有效的恢复密钥:请对照恢复单逐组核对(共 25 组,每组 4 个字符)', 'This is not a valid recovery key: check it group by group against the recovery sheet (25 groups of 4 characters)'));
        }
      } else if (s !== passphrase) {
        refuse('passphrase', 'register.wrong_passphrase', say('口令不正确,登记册未打开,未作任何更改。请重新输入', 'That passphrase does not open the register; nothing was changed. Try again'));
      }
      state = 'open';
      return view();
    },
    // Settings → Register (issue 16): this computer's file, the office server kept for the next start.
    register_choice_get: () => ({ saved: serverChoice, current: PATH, on_server: false, given_at_start: false, default_file: PATH }),
    // The first start on a computer with no register: the office's server instead.
    register_first_server: ({ choice }) => {
      const c = choice as typeof serverChoice;
      if (!String(c.host).trim()) refuse('server_host', 'required', say('服务器地址不能为空', 'Server address is required'));
      serverChoice = { ...c, server: true };
      state = 'server';
      return { ...view(), server: serverChoice };
    },
    register_choice_set: ({ choice }) => {
      const c = choice as typeof serverChoice;
      if (c.server && !String(c.host).trim()) refuse('server_host', 'required', say('服务器地址不能为空', 'Server address is required'));
      serverChoice = { ...c };
      return { saved: serverChoice, current: PATH, on_server: false, given_at_start: false, default_file: PATH };
    },
    register_key_status: () => ({
      encrypted,
      cipher_version: encrypted ? '4.6.1 community' : null,
      message: encrypted
        ? say('登记册已加密(SQLCipher 4.6.1 community,密钥由 Argon2id 从口令导出)', 'The register is encrypted (SQLCipher 4.6.1 community, key derived from the passphrase with Argon2id)')
        : say('登记册未加密:复制磁盘或备份的人可以读取其中全部内容。', 'The register is not encrypted: anyone who copies the disk or a backup can read all of it.'),
    }),
    register_change_passphrase: async ({ old, new: p, repeat }) => {
      checkNew(String(p), String(repeat), 'key');
      if (old !== passphrase) refuse('old', 'register.wrong_passphrase', say('口令不正确,未作任何更改', 'That passphrase is not the current one; nothing was changed'));
      await slow();
      passphrase = String(p);
      return say('口令已更换。旧口令和旧恢复密钥不能再打开登记册;更换前的备份仍需用旧口令打开。请打印新的恢复单', 'The passphrase was changed. The old passphrase and recovery key no longer open the register; backups taken before still need the old one. Print a new recovery sheet');
    },
    register_encrypt: async ({ passphrase: p, repeat }) => {
      checkNew(String(p), String(repeat), 'key');
      await slow();
      passphrase = String(p);
      encrypted = true;
      return say('登记册已加密。原来未加密的文件已覆盖后删除(固态硬盘上的含义见安全说明)。请打印恢复单并存放在保险柜中', 'The register is encrypted. The unencrypted file was overwritten and deleted (see the security notes for what that means on an SSD). Print the recovery sheet and keep it in the safe');
    },
    recovery_sheet_save: ({ path }) => {
      fresh = false;
      return String(path);
    },
  };
}
