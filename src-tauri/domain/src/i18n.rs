//! The two languages of the product and the text of every message the rules can produce.
//!
//! The UI's own labels live in `ui/src/i18n/`; messages that originate in Rust (validation
//! refusals, CLI output) live here so that the window and the CLI say exactly the same thing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, Default)]
#[ts(export)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Chooses a language from a BCP 47 tag such as the OS reports (`zh-CN`, `zh_TW.UTF-8`,
    /// `en-US`): Chinese for any `zh`, English for everything else.
    pub fn from_locale(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("zh") {
            Lang::ZhCn
        } else {
            Lang::En
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn parse(tag: &str) -> Option<Lang> {
        match tag {
            "zh-CN" | "zh" => Some(Lang::ZhCn),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// `(code, zh-CN, en)`; `{name}` placeholders are filled from the error's params.
const MESSAGES: &[(&str, &str, &str)] = &[
    ("required", "{field}不能为空", "{field} is required"),
    ("too_long", "{field}不能超过 {max} 个字符", "{field} must be at most {max} characters"),
    ("id_number.length", "身份证号码应为 18 位(现为 {len} 位)", "The ID number must have 18 characters (it has {len})"),
    (
        "id_number.character",
        "身份证号码第 {position} 位“{char}”无效:前 17 位应为数字,末位为数字或 X",
        "Character {position} of the ID number (\"{char}\") is not allowed: the first 17 must be digits, the last a digit or X",
    ),
    ("id_number.birth_date", "身份证号码中的出生日期 {value} 不是有效日期", "The birth date {value} in the ID number is not a valid date"),
    ("id_number.future_birth", "身份证号码中的出生日期 {value} 晚于今天", "The birth date {value} in the ID number is in the future"),
    (
        "id_number.checksum",
        "身份证号码校验位错误:应为 {expected},实为 {actual}",
        "The ID number's check digit is wrong: expected {expected}, found {actual}",
    ),
    ("id_number.duplicate", "身份证号码 {value} 已登记给其他人员", "ID number {value} is already registered to another person"),
    ("staff_no.duplicate", "人员编号 {value} 已被使用", "Staff number {value} is already in use"),
    ("staff_no.format", "人员编号只能包含字母、数字、短横线和下划线", "The staff number may contain only letters, digits, '-' and '_'"),
    ("birth_date.mismatch", "出生日期与身份证号码不符(身份证为 {expected})", "The birth date does not match the ID number ({expected})"),
    ("birth_date.future", "出生日期不能晚于今天", "The birth date cannot be in the future"),
    ("sex.mismatch", "性别与身份证号码不符", "The sex does not match the ID number"),
    ("level.unknown", "未知的涉密等级 “{value}”,可选:{allowed}", "Unknown level \"{value}\"; choose one of: {allowed}"),
    ("level.unchanged", "新等级与 {date} 起生效的等级相同", "The new level is the same as the one in force on {date}"),
    // Free text and typed dates (text.rs, date.rs).
    (
        "text.invisible",
        "{field}第 {position} 个字符是看不见的控制或格式字符({char}),请删除后重新输入",
        "{field} has an invisible control or formatting character ({char}) at position {position}; delete it and type the text again",
    ),
    (
        "text.unreadable",
        "{field}第 {position} 个字符无法识别({char}),可能是文件编码有误,请改正后重新输入",
        "{field} has an unreadable character ({char}) at position {position}, probably from a file in the wrong encoding; correct it",
    ),
    (
        "date.format",
        "{field}“{value}”不是日期,请写作 2024-03-01、2024/3/1、2024.3.1 或 2024年3月1日",
        "{field} \"{value}\" is not a date: write it as 2024-03-01, 2024/3/1, 2024.3.1 or 2024年3月1日",
    ),
    (
        "date.two_digit_year",
        "{field}“{value}”的年份只有两位,请写全四位年份,如 2026-01-01",
        "{field} \"{value}\" has a two-digit year: write all four digits, e.g. 2026-01-01",
    ),
    ("date.no_such_day", "{field}“{value}”不存在:该月没有这一天", "{field} \"{value}\" does not exist: the month has no such day"),
    ("date.out_of_range", "{field}应在 {min} 至 {max} 之间(现为 {value})", "{field} must be between {min} and {max} (it is {value})"),
    ("date.future", "{field}不能晚于今天({today})", "{field} cannot be after today ({today})"),
    ("date.invalid", "“{value}” 不是有效日期(格式 YYYY-MM-DD)", "\"{value}\" is not a valid date (use YYYY-MM-DD)"),
    ("date.before_registration", "{field}不能早于登记日期 {date}", "{field} cannot be before the registration date {date}"),
    ("phone.format", "电话号码只能包含数字、空格、+、- 和括号,分机号写在“转”之后,如 010-6512 3456 转 8012", "The phone number may contain only digits, spaces, '+', '-' and brackets, an extension after \"ext.\", as 010-6512 3456 ext. 8012"),
    ("person.not_found", "找不到人员 “{value}”", "No person \"{value}\""),
    ("person.reference", "“{value}” 不是人员编号(内部编号请写作 #42)", "\"{value}\" is not a staff number (write an internal id as #42)"),
    (
        "person.no_staff_no",
        "没有人员编号为 {value} 的人员(内部编号请写作 #{value})",
        "No one has the staff number {value} (for an internal id write #{value})",
    ),
    ("person.no_id", "没有内部编号为 #{value} 的人员", "No person has the internal id #{value}"),
    ("person.archived", "该人员已归档,请先取消归档", "This person is archived; unarchive them first"),
    ("person.not_archived", "该人员未归档", "This person is not archived"),
    (
        "register.not_empty",
        "登记册中已有人员,不能再载入示例数据",
        "The register already holds people; sample data can only be loaded into an empty register",
    ),
    ("operator.required", "请先填写操作员姓名", "Enter the operator's name first"),
    // Accounts, sign-in and roles (office/accounts.rs, domain/src/access.rs).
    ("session.required", "请先登录", "Sign in first"),
    ("audit.as_of", "{recorded} 记录,所记日期为 {as_of}", "recorded on {recorded} as of {as_of}"),
    ("account.duplicate", "已有名为“{value}”的账户", "There is already an account named \"{value}\""),
    ("session.locked", "已锁定:请输入密码解除锁定", "Locked: enter your password to unlock"),
    ("session.wrong", "账户名或密码不正确", "The account name or the password is not right"),
    (
        "session.wait",
        "连续 {failures} 次登录失败,请 {seconds} 秒后再试(在此之前正确的密码也不会被接受)",
        "{failures} failed sign-ins in a row: try again in {seconds} seconds (until then even the right password is refused)",
    ),
    ("session.disabled", "账户“{name}”已停用,请联系管理员", "The account \"{name}\" is disabled: ask an administrator"),
    ("session.unlock_other", "只有锁定前登录的账户可以解除锁定", "Only the account that was signed in can unlock"),
    ("access.refused", "{role}无权执行此操作:{operation}", "Not allowed for the role {role}: {operation}"),
    ("access.today", "只有管理员可以使用 --today 以其他日期作为今天", "Only an administrator may use --today to work as of another day"),
    ("account.name_required", "请填写账户名", "Enter the account's name"),
    ("account.password_short", "密码至少需要 {min} 个字符(现为 {len} 个)", "The password must have at least {min} characters (it has {len})"),
    ("account.password_control", "密码中不能含有控制字符", "The password cannot contain control characters"),
    ("account.exists", "已有名为“{name}”的账户", "There is already an account named \"{name}\""),
    ("account.not_found", "没有名为“{name}”的账户", "There is no account named \"{name}\""),
    ("account.first_exists", "登记册已有账户:请登录", "The register already has accounts: sign in"),
    ("account.first_admin", "第一个账户必须是管理员", "The first account must be an administrator"),
    (
        "account.last_admin",
        "“{name}”是最后一个可用的管理员账户,不能停用或改为其他角色",
        "\"{name}\" is the last active administrator: it cannot be disabled or given another role",
    ),
    ("account.self_disable", "不能停用当前登录的账户", "The account signed in cannot disable itself"),
    ("account.no_password_source", "请在终端输入密码,或用 CLEARANCE_TRACKER_PASSWORD_FILE 指定密码文件", "Type the password in a terminal, or name a file holding it with CLEARANCE_TRACKER_PASSWORD_FILE"),
    ("account.password_file", "无法读取密码文件 {path}:{reason}", "Cannot read the password file {path}: {reason}"),
    ("account.password_mismatch", "两次输入的密码不一致", "The two passwords typed differ"),
    (
        "account.none_yet",
        "登记册还没有账户:先用 account create 姓名 --role admin 创建管理员账户",
        "The register has no account yet: create an administrator first with account create NAME --role admin",
    ),
    ("account.user_required", "请用 --user 指定账户(或设置 CLEARANCE_TRACKER_USER)", "Name the account with --user (or CLEARANCE_TRACKER_USER)"),
    ("idle_lock.range", "闲置锁定时间应为 1 到 240 分钟(0 表示不锁定)", "The idle lock must be 1 to 240 minutes (0 for never)"),
    ("audit.broken", "审计记录第 {seq} 条被篡改或缺失", "Audit entry {seq} was altered or removed"),
    // The Audit screen's filters and entry (office/audit.rs).
    ("audit.range_reversed", "截止日期 {to} 早于起始日期 {from}", "The last day {to} is before the first day {from}"),
    ("audit.unknown_action", "“{value}” 不是审计记录中的操作", "\"{value}\" is not an action the audit trail records"),
    ("replay.differences", "登记册与审计记录不一致:{count} 处差异(第一处:{first})", "The register differs from its audit trail: {count} difference(s), the first: {first}"),
    ("replay.clean", "登记册与审计记录一致:已核对 {records} 条记录、{entries} 条审计记录", "The register matches its audit trail: {records} records and {entries} entries checked"),
    ("audit.no_entry", "审计记录中没有第 {value} 条", "The audit trail has no entry {value}"),
    (
        "storage",
        "登记册读写出错(代码 {detail}),未作任何更改。请重试;如反复出现,请运行检查(check)",
        "The register could not be read or written (code {detail}); nothing was changed. Try again; if it keeps happening, run the check",
    ),
    (
        "store.saved_despite_error",
        "更改已保存到登记册,但磁盘随后报告了错误。请勿重复录入;请检查磁盘并运行检查(check)",
        "The change is saved in the register, but the disk then reported an error. Do not enter it again; check the disk and run the check",
    ),
    ("store.not_saved", "更改未保存到登记册:{reason}", "The change was not saved in the register: {reason}"),
    // Several clerks on one register (issue 16, office/row_version.rs): an edit from a screen
    // loaded before another clerk's change is refused.
    (
        "record.stale",
        "{who} 已于 {at} 修改了这条记录:请重新载入查看更改。本次未作任何更改",
        "Changed by {who} at {at} — reload to see the change. Nothing was saved",
    ),
    (
        "record.stale_unknown",
        "这条记录在您打开后已被修改:请重新载入查看更改。本次未作任何更改",
        "This record was changed since you opened it — reload to see the change. Nothing was saved",
    ),
    // The office server gone in the middle of a write (office/connection.rs).
    (
        "server.write_lost",
        "无法连接办公室服务器,本次更改未保存:请检查网络,待服务器恢复后重试",
        "The office server cannot be reached; the change was not saved. Check the network and try again once the server is back",
    ),
    (
        "server.commit_unknown",
        "保存更改时与办公室服务器的连接中断,无法确认是否已保存:请在服务器恢复后重新载入查看,如未保存再重试",
        "The connection to the office server was lost while the change was being saved, so whether it was saved is not known: once the server is back, reload to see, and try again only if it is not there",
    ),
    (
        "store.damaged_found",
        "检查发现登记册文件已损坏。请停止录入,尽快从最近的备份恢复,并保留损坏的文件以便排查",
        "The check found the register file damaged. Stop making changes, restore the latest backup soon, and keep the damaged file for investigation",
    ),
    ("store.sound", "登记册文件检查通过,结构完好", "The register file passed its check: its structure is sound"),
    (
        "store.busy",
        "另一位操作员正在写入登记册,请稍候片刻再试。本次未作任何更改",
        "Another clerk is writing to the register: wait a moment and try again. Nothing was changed",
    ),
    ("store.full", "磁盘已满,未作任何更改。请腾出磁盘空间后再试", "The disk is full; nothing was changed. Free some space and try again"),
    (
        "store.io",
        "读写登记册文件时磁盘出错(代码 {detail})。请检查磁盘或存储设备,并运行检查(check)",
        "The disk failed while reading or writing the register (code {detail}). Check the disk or drive and run the check",
    ),
    (
        "store.permission",
        "没有读写登记册文件的权限。请让管理员检查该文件及其文件夹的权限",
        "You may not read or write the register file. Ask an administrator to check the permissions of the file and its folder",
    ),
    ("store.cannot_open", "无法打开登记册文件,请检查路径是否正确", "The register file cannot be opened: check its path"),
    (
        "store.read_only",
        "登记册以只读方式打开,不能修改。如需修改,请让管理员开放该文件的写权限",
        "The register is open read-only and cannot be changed. To make changes, ask an administrator for write access to the file",
    ),
    (
        "store.read_only_upgrade",
        "登记册需要升级,但该文件只读。请开放写权限后再打开",
        "The register needs an upgrade, but the file is read-only. Give write access and open it again",
    ),
    (
        "store.not_a_register",
        "该文件不是 Clearance Tracker 登记册,未作任何更改。请检查所选文件",
        "This file is not a Clearance Tracker register; nothing was changed. Check the file you chose",
    ),
    (
        "store.foreign",
        "该文件是其他程序的数据库,不是 Clearance Tracker 登记册,未作任何更改。请选择登记册文件",
        "This file is another program's database, not a Clearance Tracker register; nothing was changed. Choose a register file",
    ),
    // The register's encryption (issue 14).
    ("key.locked", "登记册已加密:请提供口令或恢复密钥后再打开。未读取、未更改任何内容", "The register is encrypted: give its passphrase or recovery key to open it. Nothing was read or changed"),
    ("key.wrong", "口令或恢复密钥不正确,登记册未打开。未作任何更改", "The passphrase or recovery key is not right; the register was not opened. Nothing was changed"),
    ("key.recovery_malformed", "这不是有效的恢复密钥:请对照恢复单逐组核对(共 25 组,每组 4 个字符)", "This is not a valid recovery key: check it group by group against the recovery sheet (25 groups of 4 characters)"),
    ("key.not_encrypted", "登记册未加密", "The register is not encrypted"),
    ("key.already_encrypted", "登记册已经加密。如需更换口令,请使用“更换口令”", "The register is already encrypted. To change its passphrase, use Change passphrase"),
    ("key.too_short", "口令至少需要 {min} 个字符(现为 {len} 个)", "The passphrase must have at least {min} characters (it has {len})"),
    ("key.recovery_as_new", "新口令不能是恢复密钥,请输入新的口令", "A recovery key cannot be the new passphrase; enter a new passphrase"),
    ("key.no_decrypt", "不提供取消加密:加密的登记册只能更换口令", "Removing the encryption is not offered: an encrypted register can only change its passphrase"),
    ("key.check_failed", "加密后的副本未通过校验({what}),登记册保持原样,未作任何更改", "The encrypted copy failed its check ({what}); the register is as it was, nothing was changed"),
    ("key.changed", "口令已更换。旧口令和旧恢复密钥不能再打开登记册;更换前的备份仍需用旧口令打开。请打印新的恢复单", "The passphrase was changed. The old passphrase and recovery key no longer open the register; backups taken before still need the old one. Print a new recovery sheet"),
    ("key.encrypted", "登记册已加密。原来未加密的文件已覆盖后删除(固态硬盘上的含义见安全说明)。请打印恢复单并存放在保险柜中", "The register is encrypted. The unencrypted file was overwritten and deleted (see the security notes for what that means on an SSD). Print the recovery sheet and keep it in the safe"),
    ("key.recovery_warning", "凭此恢复密钥即可打开登记册及其备份:请打印后锁入保险柜,不要保存在电脑上。口令丢失且没有恢复密钥时,数据无法找回", "This recovery key opens the register and its backups: print it and lock it in the safe; do not keep it on the computer. Without the passphrase or this key the data cannot be recovered"),
    ("key.new_plain", "新登记册未加密(未提供 --key-file)。如需加密:clearance-tracker key encrypt", "The new register is not encrypted (no --key-file was given). To encrypt it: clearance-tracker key encrypt"),
    ("key.new_encrypted", "新登记册已用所给口令加密。口令丢失将无法找回数据:请运行 clearance-tracker key recovery 打印恢复密钥", "The new register is encrypted with the key given. A lost passphrase cannot be recovered: run clearance-tracker key recovery and print the recovery key"),
    ("key.file_unused", "登记册未加密,未使用密钥文件 {path}", "The register is not encrypted; the key file {path} was not used"),
    ("key.file_unreadable", "无法读取密钥文件 {path}:{detail}", "Cannot read the key file {path}: {detail}"),
    ("key.file_empty", "密钥文件 {path} 是空的", "The key file {path} is empty"),
    ("key.no_terminal", "登记册已加密:请用 --key-file(或环境变量 CLEARANCE_TRACKER_KEY_FILE)指定存放口令或恢复密钥的文件,或在终端中运行以输入口令", "The register is encrypted: name a file holding its passphrase or recovery key with --key-file (or CLEARANCE_TRACKER_KEY_FILE), or run in a terminal to type it"),
    ("key.prompt", "登记册口令(或恢复密钥):", "Register passphrase (or recovery key): "),
    ("key.prompt_new", "新口令:", "New passphrase: "),
    // The window's start before the register is open, and Settings → Encryption (commands/register.rs).
    ("register.passphrase_required", "请输入口令", "Enter the passphrase"),
    ("register.recovery_key_required", "请输入恢复密钥", "Enter the recovery key"),
    ("register.wrong_passphrase", "口令不正确,登记册未打开,未作任何更改。请重新输入", "That passphrase does not open the register; nothing was changed. Try again"),
    ("register.wrong_recovery_key", "这个恢复密钥打不开本登记册(可能属于另一份登记册,或已在更换口令后作废),未作任何更改", "This recovery key does not open this register (it may be another register's, or void since the passphrase was changed); nothing was changed"),
    ("register.wrong_key", "口令或恢复密钥不正确,登记册未打开,未作任何更改", "The passphrase or recovery key is not right; the register was not opened and nothing was changed"),
    ("register.exists", "{path} 处已有登记册(可能刚由其他程序创建),未作任何更改。请重新打开本程序", "A register already exists at {path} (another program may have just created it); nothing was changed. Start the app again"),
    ("register.missing", "{path} 处没有登记册", "There is no register at {path}"),
    ("register.choose_encryption", "请设置口令,或明确选择“不加密”", "Set a passphrase, or choose No encryption explicitly"),
    ("register.sheet_after_first_start", "首次启动后,恢复单须由管理员在“设置 → 加密”中打印", "After the first start, an administrator prints the recovery sheet from Settings → Encryption"),
    ("key.prompt_again", "再次输入新口令:", "New passphrase again: "),
    ("key.mismatch", "两次输入的口令不一致,未作任何更改", "The two passphrases differ; nothing was changed"),
    ("key.status_plain", "登记册未加密:复制磁盘或备份的人可以读取其中全部内容。加密:clearance-tracker key encrypt", "The register is not encrypted: anyone who copies the disk or a backup can read all of it. To encrypt: clearance-tracker key encrypt"),
    ("key.status_encrypted", "登记册已加密(SQLCipher {version},密钥由 Argon2id 从口令导出)", "The register is encrypted (SQLCipher {version}, key derived from the passphrase with Argon2id)"),
    (
        "store.newer",
        "该登记册由较新版本的 Clearance Tracker({version})写入,未作任何更改。请先升级本程序",
        "This register was written by a newer Clearance Tracker ({version}); nothing was changed. Update the app first",
    ),
    (
        "store.damaged",
        "登记册文件已损坏,未作任何更改。请从最近的备份恢复,并保留损坏的文件以便排查",
        "The register file is damaged; nothing was changed. Restore the latest backup, and keep the damaged file for investigation",
    ),
    (
        "store.migrate",
        "登记册升级失败,原文件已另存备份且未作更改。请联系技术支持",
        "The register could not be upgraded; a copy was kept and the file is unchanged. Contact support",
    ),
    // Backup and restore of the whole register (office/backup.rs, issue 12).
    ("backup.saved", "已备份到 {path}(完整性检查与审计链校验均已通过)", "Backed up to {path} (its integrity check and audit chain verified)"),
    (
        "backup.failed",
        "备份未完成:{reason}。未留下不完整的备份文件",
        "The backup was not made: {reason}. No partial backup file was left",
    ),
    (
        "backup.check_failed",
        "写出的备份未通过检查({what}),已删除。登记册本身未受影响,请检查磁盘后重试",
        "The backup written failed its check ({what}) and was removed. The register itself is not affected; check the disk and try again",
    ),
    ("backup.exists", "{path} 已存在,不会覆盖。请换一个文件名或文件夹", "{path} already exists and is not overwritten: choose another name or folder"),
    ("backup.is_register", "{path} 是登记册文件本身,不能把备份写到这里", "{path} is the register file itself: a backup cannot be written there"),
    ("backup.scan_unreadable", "无法读取扫描件 {path}:{reason}", "Cannot read the scan {path}: {reason}"),
    ("backup.folder_relative", "请填写备份文件夹的完整路径(“{path}” 不是完整路径)", "Give the backup folder's full path (\"{path}\" is not one)"),
    ("backup.folder_not_dir", "{path} 不是文件夹", "{path} is not a folder"),
    ("backup.keep_range", "保留的自动备份份数应在 {min} 到 {max} 之间", "Keep between {min} and {max} automatic backups"),
    (
        "backup.last_failed",
        "最近一次备份({date})失败:{reason}。请在“设置 → 备份与恢复”中处理后立即备份",
        "The last backup ({date}) failed: {reason}. Put it right and back up now in Settings → Backup and restore",
    ),
    (
        "backup.stale",
        "登记册已 {days} 天未备份(最近一次备份于 {date})。请在“设置 → 备份与恢复”中立即备份",
        "The register has not been backed up for {days} days (last backup {date}). Back it up now in Settings → Backup and restore",
    ),
    (
        "backup.never",
        "登记册自 {date} 启用以来从未备份。请在“设置 → 备份与恢复”中立即备份",
        "The register has never been backed up since it came into use on {date}. Back it up now in Settings → Backup and restore",
    ),
    (
        "restore.not_a_register",
        "{path} 不是 Clearance Tracker 登记册或其备份,未作任何更改。请检查所选文件",
        "{path} is not a Clearance Tracker register or backup; nothing was changed. Check the file you chose",
    ),
    (
        "restore.foreign",
        "{path} 是其他程序的数据库,不是登记册备份,未作任何更改。请选择备份文件",
        "{path} is another program's database, not a register backup; nothing was changed. Choose a backup file",
    ),
    (
        "restore.newer",
        "{path} 由较新版本的 Clearance Tracker({version})写入,本版本不能恢复,未作任何更改。请先升级本程序",
        "{path} was written by a newer Clearance Tracker ({version}) and cannot be restored by this version; nothing was changed. Update the app first",
    ),
    (
        "restore.damaged",
        "{path} 已损坏(未通过完整性检查),不能恢复,未作任何更改。请改用其他备份",
        "{path} is damaged (it fails its integrity check) and cannot be restored; nothing was changed. Use another backup",
    ),
    (
        "restore.audit_broken",
        "{path} 的审计记录第 {seq} 条被篡改或缺失,不能恢复,未作任何更改。请改用其他备份",
        "Audit entry {seq} of {path} was altered or removed: it cannot be restored and nothing was changed. Use another backup",
    ),
    (
        "restore.scan_damaged",
        "{path} 中的扫描件 {scan} 已损坏,不能恢复,未作任何更改。请改用其他备份",
        "The scan {scan} in {path} is damaged: it cannot be restored and nothing was changed. Use another backup",
    ),
    ("restore.unreadable", "无法读取 {path}:{reason}。未作任何更改", "Cannot read {path}: {reason}. Nothing was changed"),
    ("restore.not_found", "找不到文件 {path},未作任何更改", "There is no file {path}; nothing was changed"),
    ("restore.same_file", "{path} 就是当前登记册本身,无需恢复", "{path} is the register itself: there is nothing to restore"),
    ("restore.failed", "恢复未完成(代码 {detail}),登记册未作任何更改。请重试", "The restore did not complete (code {detail}); the register was not changed. Try again"),
    (
        "restore.done",
        "已从 {path} 恢复登记册(备份于 {taken})。恢复前的登记册另存为 {kept}",
        "The register was restored from {path} (backed up {taken}). The register as it was is kept as {kept}",
    ),
    ("cli.backup_last", "最近一次备份:", "Last backup:"),
    ("cli.backup_none", "尚未备份", "none yet"),
    ("cli.backup_ok", "成功", "succeeded"),
    ("cli.backup_failed", "失败", "failed"),
    ("cli.backup_folder", "自动备份文件夹:", "Automatic backups go to:"),
    ("cli.backup_keep", "保留份数:", "Automatic backups kept:"),
    ("cli.backup_removed", "已删除较早的自动备份:", "Older automatic backup removed:"),
    ("cli.backup_not_due", "今天的自动备份已完成,或登记册为空,无需备份", "Today's automatic backup is already taken, or the register is empty: nothing to do"),
    // Sign-off forms and the issued-forms register (issue 6).
    (
        "form.no_departure",
        "该人员尚未办理离岗离职,不能出具离岗离职保密承诺书",
        "No departure is recorded for this person: the departure commitment cannot be issued yet",
    ),
    ("form.trip_required", "出具 {kind} 表须指明所涉行程", "A {kind} form is about a trip: name the trip"),
    (
        "form.trip_no_document",
        "该行程未登记使用的证件,不能出具证件领取交回登记表",
        "The trip names no travel document: there is no receipt to issue",
    ),
    ("form.trip_other_person", "该行程属于其他人员", "The trip belongs to another person"),
    (
        "form.language",
        "表单语言应为 bilingual、zh-CN 或 en,而不是 “{value}”",
        "The form language is bilingual, zh-CN or en, not \"{value}\"",
    ),
    ("form.template_unreadable", "无法读取模板文件 {path}:{detail}", "Cannot read the template {path}: {detail}"),
    ("form.template_invalid", "模板无法编译,仍使用原模板:{detail}", "The template does not compile and was not taken: {detail}"),
    ("form.no_data", "登记册中尚无填写 {kind} 表所需的数据", "The register does not hold the data a {kind} form needs yet"),
    (
        "form.register_list_person",
        "登记名册不针对单个人员,请从人员列表打印",
        "The register list is not about one person; print it from the people list",
    ),
    ("form.unit_empty", "单位 “{unit}” 没有在岗人员", "Unit \"{unit}\" has nobody on duty"),
    ("form.number_format", "“{value}” 不是表单编号(格式如 2026-0001)", "\"{value}\" is not a form number (write it as 2026-0001)"),
    ("form.not_found", "找不到编号为 “{value}” 的已发表单", "No issued form numbered \"{value}\""),
    (
        "form.hash_mismatch",
        "表单 {value} 的登记内容与其校验码不符",
        "The registered content of form {value} does not match its verification code",
    ),
    (
        "form.template_changed",
        "表单 {value} 由模板版本 {version} 生成,当前模板不同,无法重新生成相同的副本",
        "Form {value} was printed from template version {version}; the current template differs, so an identical copy cannot be made",
    ),
    (
        "form.code_invalid",
        "“{value}” 不是校验码(10 位字母数字,如 7KQ2M-X9RTA)",
        "\"{value}\" is not a verification code (10 letters and digits, e.g. 7KQ2M-X9RTA)",
    ),
    ("form.code_unknown", "没有以校验码 {value} 发出的表单", "No form was issued with verification code {value}"),
    ("form.received_future", "收回日期不能晚于今天({today})", "The date received cannot be after today ({today})"),
    ("form.received_before_issue", "收回日期不能早于发出日期 {date}", "The date received cannot be before the issue date {date}"),
    // Voiding, reprinting and receiving several signed copies at once (issue 13, office/forms/register.rs).
    ("form.already_voided", "表单 {value} 已于 {date} 作废,不能再次作废", "Form {value} was already voided on {date}"),
    (
        "form.received_voided",
        "表单 {value} 已于 {date} 作废,不能登记签字件交回",
        "Form {value} was voided on {date}: its signed copy cannot be marked received",
    ),
    ("form.already_received", "表单 {value} 的签字件已于 {date} 交回", "The signed copy of form {value} already came back on {date}"),
    ("form.batch_item", "{number}:{reason}", "{number}: {reason}"),
    ("form.batch_empty", "请至少选择一份表单", "Choose at least one form"),
    ("form.scan_one_form", "扫描件只能附在一份表单上", "A scan can be attached to one form only"),
    (
        "form.original_delivered",
        "表单 {value} 的正本已在签发时生成;如需再次打印,请在“表单登记”中补印副本",
        "The original of form {value} was produced when it was issued; print a copy from the Forms screen (Reprint)",
    ),
    ("form.scan_unreadable", "无法读取扫描件 {path}:{detail}", "Cannot read the scan {path}: {detail}"),
    ("form.scan_type", "扫描件 {path} 应为 PDF、JPEG 或 PNG 文件", "The scan {path} must be a PDF, JPEG or PNG file"),
    ("form.scan_not_file", "{path} 不是普通文件,不能作为扫描件", "{path} is not a regular file and cannot be a scan"),
    ("form.scan_too_large", "扫描件 {path} 超过 {max} MB", "The scan {path} is larger than {max} MB"),
    ("form.scan_none", "表单 {value} 没有附扫描件", "Form {value} has no scan attached"),
    ("form.scan_altered", "表单 {value} 的扫描件与附上时记录的校验值不符,未打开", "The scan of form {value} no longer matches the hash recorded when it was attached; it was not opened"),
    ("form.scan_view_failed", "无法为查看写出表单 {value} 的扫描件:{detail}", "Cannot write the scan of form {value} out for viewing: {detail}"),
    // A person's photograph (office/photo.rs).
    ("photo.unreadable", "无法读取照片文件 {path}:{reason}", "Cannot read the photo file {path}: {reason}"),
    ("photo.not_file", "{path} 不是普通文件,不能作为照片", "{path} is not a regular file and cannot be a photo"),
    (
        "photo.too_large",
        "照片文件 {path} 有 {size} MB,超过 {max} MB 的上限,未作任何更改。请选用较小的文件",
        "The photo file {path} is {size} MB, more than the {max} MB allowed; nothing was changed. Choose a smaller file",
    ),
    (
        "photo.type",
        "{path} 不是 JPEG 或 PNG 图片,未作任何更改。照片只接受 JPEG(.jpg)或 PNG(.png)文件",
        "{path} is not a JPEG or PNG picture; nothing was changed. A photo must be a JPEG (.jpg) or PNG (.png) file",
    ),
    (
        "photo.damaged",
        "照片文件 {path} 无法读出图像,可能已损坏或不完整,未作任何更改",
        "The picture in {path} cannot be read: the file may be damaged or incomplete; nothing was changed",
    ),
    (
        "photo.too_small",
        "照片太小({width} × {height} 像素):裁成一寸照片的比例后至少需要 {min_width} × {min_height} 像素,未作任何更改",
        "The photo is too small ({width} × {height} pixels): cropped to a passport photo's proportions it needs at least {min_width} × {min_height}; nothing was changed",
    ),
    (
        "photo.too_many_pixels",
        "照片 {path} 的像素过多({width} × {height}),请先缩小后再选用,未作任何更改",
        "The photo {path} has too many pixels ({width} × {height}); make it smaller first. Nothing was changed",
    ),
    ("photo.none", "该人员没有照片", "This person has no photo"),
    ("photo.reason_missing", "文件不存在", "the file does not exist"),
    ("photo.reason_permission", "没有读取该文件的权限", "you may not read this file"),
    ("photo.reason_io", "读取出错(代码 {code})", "read error (code {code})"),
    ("form.render_failed", "表单生成失败:{detail}", "The form could not be rendered: {detail}"),
    ("form.save_failed", "无法保存到 {path}:{detail}。未登记任何表单", "Cannot save to {path}: {detail}. No form was registered"),
    (
        "form.saved_elsewhere_failed",
        "表单已登记({numbers}),但无法保存为 {path}:{detail}。可用“重新打印”按编号再次生成",
        "The forms are registered ({numbers}) but could not be saved as {path}: {detail}. Print them again by number (reprint)",
    ),
    ("file.not_a_file", "{path} 不是普通文件,不能写入", "{path} is not a regular file and cannot be written"),
    ("file.no_folder", "文件夹 {path} 不存在(不会自动创建)", "The folder {path} does not exist (it is not created silently)"),
    // Files chosen with the system's dialogs, opened in the viewer, printed (commands/files.rs).
    ("dialog.failed", "无法显示文件对话框:{detail}", "The file dialog could not be shown: {detail}"),
    ("dialog.title.open", "打开文件", "Open a file"),
    ("dialog.title.save", "另存为", "Save as"),
    ("dialog.title.folder", "选择文件夹", "Choose a folder"),
    ("dialog.title.form_pdf.save", "保存表单(PDF)", "Save the form as PDF"),
    ("dialog.title.spreadsheet.save", "导出清单", "Export the list"),
    ("dialog.title.calendar.save", "导出提醒日历", "Export the reminders as a calendar"),
    ("dialog.title.scan.open", "选择签字件的扫描件", "Choose the scan of the signed copy"),
    ("dialog.title.template.open", "选择表单模板(Typst)", "Choose a form template (Typst)"),
    ("dialog.title.template.save", "导出内置表单模板", "Export the shipped form template"),
    ("dialog.title.policy.open", "选择本单位策略文件", "Choose the office's policy file"),
    ("dialog.title.roster.open", "选择要导入的名册", "Choose the roster to import"),
    ("dialog.title.roster.save", "保存名册文件", "Save the roster file"),
    ("dialog.title.backup.save", "备份登记册", "Back up the register"),
    ("dialog.title.recovery_sheet.save", "保存恢复单(PDF)", "Save the recovery sheet as PDF"),
    ("dialog.title.backup.open", "选择要恢复的备份", "Choose the backup to restore"),
    ("dialog.title.backup_folder.folder", "选择自动备份文件夹", "Choose the folder for automatic backups"),
    ("dialog.title.photo.open", "选择照片", "Choose a photo"),
    ("dialog.filter.pdf", "PDF 文件", "PDF files"),
    ("dialog.filter.certificate", "CA 证书(PEM)", "CA certificates (PEM)"),
    ("dialog.title.ca_certificate.open", "选择办公室服务器的 CA 证书", "Choose the office server's CA certificate"),
    ("dialog.filter.xlsx", "Excel 工作簿", "Excel workbooks"),
    ("dialog.filter.csv", "CSV 文件", "CSV files"),
    ("dialog.filter.ics", "日历文件(iCalendar)", "Calendar files (iCalendar)"),
    ("dialog.filter.scan", "扫描件(PDF、JPEG、PNG)", "Scans (PDF, JPEG, PNG)"),
    ("dialog.filter.typ", "Typst 模板", "Typst templates"),
    ("dialog.filter.toml", "策略文件(TOML)", "Policy files (TOML)"),
    ("dialog.filter.roster", "名册(Excel、ODS、CSV)", "Rosters (Excel, ODS, CSV)"),
    ("dialog.filter.backup", "登记册备份", "Register backups"),
    ("dialog.filter.photo", "照片(JPEG、PNG)", "Photos (JPEG, PNG)"),
    ("file.missing", "文件 {path} 不存在", "The file {path} does not exist"),
    (
        "file.relative",
        "“{path}”不是完整的文件位置,请在对话框中选择",
        "\"{path}\" is not a full location: choose it in the dialog",
    ),
    (
        "file.not_viewable",
        "{path} 不能打开:只打开本程序保存的表单、清单、日历、模板这类文件",
        "{path} is not opened: only forms, lists, calendars, templates and such files that this app saves are",
    ),
    ("file.open_failed", "无法打开 {path}:{detail}", "Cannot open {path}: {detail}"),
    (
        "print.not_set_up",
        "本机未设置打印(没有 CUPS 打印服务或默认打印机)。可在 PDF 查看器中打开文件后打印",
        "Printing is not set up on this computer (no CUPS print service or default printer). Open the file in the PDF viewer and print it from there",
    ),
    ("print.failed", "无法打印 {path}:{detail}", "Cannot print {path}: {detail}"),
    // Lists exported to Excel and CSV (office/export.rs).
    (
        "export.save_failed",
        "无法保存到 {path}:{detail}。未导出任何内容,也未记录",
        "Cannot save to {path}: {detail}. Nothing was exported or recorded",
    ),
    (
        "export.format_unknown",
        "请选择文件格式(xlsx 或 csv),或使用扩展名为 .xlsx 或 .csv 的文件名",
        "Choose the file format (xlsx or csv), or give a file name ending in .xlsx or .csv",
    ),
    (
        "export.format_mismatch",
        "文件扩展名 .{extension} 与所选格式 {format} 不符",
        "The file name ends in .{extension} but the format chosen is {format}",
    ),
    (
        "export.id_numbers_people_only",
        "只有人员名册可以导出完整身份证号码",
        "Full ID numbers can be exported with the register of people only",
    ),
    // Foreign travel and travel-document custody (travel/).
    ("travel.date_before_previous", "{field}不能早于上一步的日期 {date}", "{field} cannot be before the previous step's date {date}"),
    ("country.unknown", "不认识的国家或地区“{value}”:请写中文名、英文名或代码,如 日本、Japan、JP", "Unknown country or region \"{value}\": write its Chinese or English name or its code, as 日本, Japan or JP"),
    ("document.number_format", "证件号码只能包含字母、数字和短横线", "The document number may contain only letters, digits and '-'"),
    ("document.expires_before_issue", "有效期应晚于签发日期 {issued}", "The expiry date must be after the issue date {issued}"),
    (
        "document.issued_after_registration",
        "签发日期不能晚于登记日期 {date}",
        "The issue date cannot be after the registration date {date}",
    ),
    ("document.expired", "证件已于 {expires} 过期", "The document expired on {expires}"),
    ("document.not_expired", "证件有效期至 {expires},尚未过期", "The document is valid until {expires}"),
    ("document.already_out", "证件已领出,尚未交回", "The document is already checked out"),
    ("document.cancelled", "证件已注销", "The document is cancelled"),
    ("document.not_in_custody", "证件不在保管中", "The document is not in custody"),
    ("document.already_in_custody", "证件已在保管中", "The document is already in custody"),
    ("document.return_not_hand_in", "证件已为出行领出,请登记交回", "The document is checked out for a trip; record its return instead"),
    ("document.custody_off", "本策略不实行证件集中保管", "This policy has no document custody"),
    ("document.other_person", "该证件属于其他人员", "The document belongs to another person"),
    ("document.not_for_trip", "该证件不是本次行程登记使用的证件", "This is not the document named for the trip"),
    (
        "document.expires_during_trip",
        "证件将于 {expires} 过期,早于计划回国(境)日期 {return}",
        "The document expires on {expires}, before the planned return on {return}",
    ),
    (
        "document.checkout_too_early",
        "最早可于 {earliest} 领取证件(出发日期 {departure});提前领取须填写原因和审批人",
        "The document can be checked out on {earliest} at the earliest (departure {departure}); an earlier check-out needs a reason and the approver's name",
    ),
    ("document.not_out", "证件未领出,无需交回", "The document is not checked out"),
    ("document.not_with_holder", "证件不在本人手中", "The document is not with the holder"),
    ("document.not_found", "找不到证件 “{value}”", "No document \"{value}\""),
    ("document.duplicate", "证件号码 {value} 已登记", "Document number {value} is already registered"),
    ("trip.not_found", "找不到行程 “{value}”", "No trip \"{value}\""),
    ("trip.destinations_required", "请至少填写一个目的地", "Enter at least one destination"),
    ("trip.destination_home", "目的地不能是本国({value})", "The destination cannot be the home country ({value})"),
    (
        "trip.return_before_departure",
        "回国(境)日期不能早于出发日期 {departure}",
        "The return cannot be before the departure on {departure}",
    ),
    ("trip.departure_before_request", "出发日期不能早于申请日期 {date}", "The departure cannot be before the request date {date}"),
    ("trip.not_approved", "行程尚未批准", "The trip is not approved"),
    ("trip.refused", "行程未获批准", "The trip was refused"),
    ("trip.withdrawn", "行程已撤销", "The trip was withdrawn"),
    ("trip.already_approved", "行程已批准,不能重复审批", "The trip is already approved"),
    ("trip.already_refused", "行程已被驳回", "The trip has already been refused"),
    (
        "trip.approval_after_departure",
        "审批日期不能晚于计划出发日期 {departure}",
        "The approval cannot be dated after the planned departure {departure}",
    ),
    ("trip.higher_approval_required", "此行程须经上一级审批", "This trip needs the higher approval level"),
    ("trip.not_briefed", "尚未进行行前保密教育", "The pre-trip briefing is not recorded"),
    ("trip.already_briefed", "已进行行前保密教育", "The pre-trip briefing is already recorded"),
    ("trip.document_not_out", "尚未领取出行证件", "The travel document is not checked out"),
    ("trip.document_already_out", "本次行程的证件已领出", "The document for this trip is already checked out"),
    (
        "trip.departure_after_return",
        "出发日期晚于计划回国(境)日期 {return},请先办理延期",
        "The departure is after the planned return {return}; record an extension first",
    ),
    ("trip.already_departed", "已登记出发", "The departure is already recorded"),
    ("trip.not_departed", "尚未登记出发", "The departure is not recorded"),
    ("trip.already_returned", "已登记回国(境)", "The return is already recorded"),
    ("trip.not_returned", "尚未登记回国(境)", "The return is not recorded"),
    ("trip.already_reported", "已收到回国(境)报告", "The post-trip report is already received"),
    ("trip.not_reported", "尚未收到回国(境)报告", "The post-trip report is not received"),
    ("trip.document_not_returned", "出行证件尚未交回", "The travel document has not been returned"),
    (
        "trip.document_still_needed",
        "行程尚未结束(未登记回国(境)或撤销),证件暂不能交回保管",
        "The trip is not over (no return or withdrawal recorded): the document cannot go back into custody yet",
    ),
    ("trip.closed", "行程已办结", "The trip is closed"),
    ("trip.extension_not_later", "延期后的回国(境)日期应晚于 {date}", "The new return date must be after {date}"),
    ("trip.dates_unchanged", "计划日期没有变化", "The planned dates are unchanged"),
    (
        "trip.briefing_after_departure",
        "行前保密教育已于 {date} 进行,出发日期不能早于该日",
        "The briefing was on {date}: the departure cannot be before it",
    ),
    (
        "trip.checkout_after_departure",
        "证件已于 {date} 领出,出发日期不能早于该日",
        "The document was checked out on {date}: the departure cannot be before it",
    ),
    (
        "trip.correction_makes_checkout_early",
        "证件已于 {date} 领出,按新的出发日期最早应于 {earliest} 领取;如须改到该日期,请撤销行程后重新申请",
        "The document was checked out on {date}; the new departure allows a check-out from {earliest} only. To move the trip that far, withdraw it and request it again",
    ),
    (
        "trip.correction_needs_higher_approval",
        "按新的日期此行程须经上一级审批,原审批级别不够;请撤销行程后重新申请",
        "With the new dates the trip needs the higher approval level, which it did not have: withdraw it and request it again",
    ),
    ("trip.extended_no_correction", "行程已延期,计划日期不能再更正;回国(境)日期请再次办理延期", "The trip was extended: its dates are no longer corrected; extend it again to move its return"),
    (
        "conflict.higher_approval_level",
        "出发时涉密等级为 {level},须经上一级审批",
        "The level on departure is {level}: the higher approval level is needed",
    ),
    (
        "conflict.higher_approval_decommissioning",
        "处于脱密期,须经上一级审批",
        "In the decommissioning period: the higher approval level is needed",
    ),
    (
        "conflict.in_decommissioning",
        "行程处于脱密期内({start} 至 {end})",
        "The trip falls within the decommissioning period ({start} to {end})",
    ),
    ("conflict.no_document", "未指定出行证件", "No travel document is chosen"),
    ("conflict.document_other_person", "证件 {document} 属于其他人员", "Document {document} belongs to another person"),
    ("conflict.document_not_in_custody", "证件 {document} 不在保管中", "Document {document} is not in custody"),
    (
        "conflict.document_expires",
        "证件 {document} 于 {expires} 过期,早于回国(境)日期",
        "Document {document} expires on {expires}, before the return",
    ),
    ("conflict.overdue_report", "行程 {trip} 的回国(境)报告逾期(应于 {due} 前提交)", "The report on trip {trip} is overdue (due {due})"),
    ("conflict.overdue_document", "证件 {document} 逾期未交回(应于 {due} 前)", "Document {document} is overdue (due {due})"),
    ("conflict.document_refused", "本人拒不交回证件 {document}", "The holder refuses to return document {document}"),
    (
        "conflict.overdue_return",
        "行程 {trip} 已过回国(境)日期 {due},未登记回国(境)",
        "Trip {trip} was due back on {due} and no return is recorded",
    ),
    ("conflict.overlapping_trip", "与行程 {trip}({start} 至 {end})时间重叠", "Overlaps trip {trip} ({start} to {end})"),
    // Policy and holiday-calendar files (policy.rs, calendar.rs).
    ("policy.at_line_field", "第 {line} 行({key}):{reason}", "line {line} ({key}): {reason}"),
    ("policy.at_line", "第 {line} 行:{reason}", "line {line}: {reason}"),
    ("policy.at_field", "{key}:{reason}", "{key}: {reason}"),
    ("policy.syntax", "TOML 语法错误:{detail}", "TOML syntax error: {detail}"),
    ("policy.missing_field", "缺少必填项 {name}", "The required field {name} is missing"),
    ("policy.unknown_field", "无法识别的字段 {name}(可用:{expected})", "Unknown field {name} (allowed: {expected})"),
    ("policy.unknown_value", "无法识别的取值 {value}(可选:{expected})", "Unknown value {value} (allowed: {expected})"),
    ("policy.invalid_value", "取值类型不正确:{detail}", "Wrong type of value: {detail}"),
    ("policy.empty", "不能为空", "must not be empty"),
    ("policy.date", "“{value}” 不是日期(格式 2025-10-01,不带时间)", "\"{value}\" is not a date (write 2025-10-01, without a time)"),
    ("calendar.weekday", "“{value}” 不是星期几(mon … sun)", "\"{value}\" is not a day of the week (mon … sun)"),
    ("calendar.year_range", "年份 {value} 超出范围", "The year {value} is out of range"),
    ("calendar.duplicate_year", "{value} 年重复出现", "The year {value} appears twice"),
    ("calendar.wrong_year", "{value} 不在其所列的 {year} 年内", "{value} is not in the year {year} it is listed under"),
    (
        "calendar.workday_not_weekend",
        "{value} 不是周末,不能作为调休上班日",
        "{value} is not a weekend day, so it cannot be a make-up working day",
    ),
    (
        "calendar.duplicate_date",
        "{value} 重复出现(节假日与调休上班日也不能重复)",
        "{value} appears twice (a day cannot be both a holiday and a make-up working day)",
    ),
    (
        "policy.period",
        "“{value}” 不是期限(写作 “30 days”、“5 working_days”、“12 months”、“2 years”)",
        "\"{value}\" is not a period (write \"30 days\", \"5 working_days\", \"12 months\" or \"2 years\")",
    ),
    ("policy.period_too_long", "期限 “{value}” 超过 {years} 年", "The period \"{value}\" is longer than {years} years"),
    ("calendar.no_working_day", "周末不能包括一周的全部七天", "The weekend cannot take all seven days of the week"),
    ("policy.no_levels", "至少需要一个涉密等级", "At least one level is needed"),
    ("policy.duplicate_id", "标识 “{value}” 重复", "The id \"{value}\" is used twice"),
    ("policy.unknown_level", "未知的等级 “{value}”,本策略的等级:{allowed}", "Unknown level \"{value}\"; this policy's levels: {allowed}"),
    ("policy.level_missing", "缺少等级 “{value}” 的取值(每个等级都要写)", "No value for the level \"{value}\" (every level needs one)"),
    ("policy.every_required", "在岗步骤 “{value}” 需要写明周期(every)", "The on-duty step \"{value}\" needs a period (every)"),
    ("policy.every_not_here", "只有在岗步骤可以写 every 和 first_from", "Only on-duty steps may have every and first_from"),
    ("policy.unknown_step", "未知的步骤 “{value}”", "Unknown step \"{value}\""),
    ("policy.min_after_max", "下限 {min} 长于上限 {max}", "The minimum {min} is longer than the maximum {max}"),
    // Lifecycle (lifecycle/). `{step}`, `{stage}`, `{action}`, `{level}` and periods are given in both languages.
    ("lifecycle.wrong_stage", "当前阶段为“{stage}”,不能{action}", "The person is in the stage \"{stage}\": cannot {action}"),
    (
        "lifecycle.released",
        "该人员已解除脱密期管理,记录只读(备注除外)",
        "This person is released: the record is read-only except for notes",
    ),
    ("lifecycle.step_missing", "尚未完成:{step}", "Not done yet: {step}"),
    ("lifecycle.items_outstanding", "{step}:尚有 {count} 件物品未清退", "{step}: {count} item(s) not yet returned"),
    ("lifecycle.items_not_returned", "尚有物品未清退:{items}", "Items not yet returned: {items}"),
    ("lifecycle.step_already_done", "“{step}”已于 {date} 完成", "\"{step}\" was already done on {date}"),
    ("lifecycle.before_on_duty", "离岗离职日期不能早于上岗日期 {date}", "The departure date cannot be before the start on duty ({date})"),
    ("lifecycle.no_level", "{date} 没有生效的涉密等级", "No level is in force on {date}"),
    ("lifecycle.no_range", "策略未规定等级 {value} 的脱密期", "The policy sets no decommissioning period for the level {value}"),
    ("lifecycle.no_departure", "没有离岗离职记录", "No departure is recorded"),
    (
        "lifecycle.before_departure",
        "离岗离职日期 {date} 起才能进入脱密期",
        "The decommissioning period can start only from the departure date {date}",
    ),
    (
        "lifecycle.period_out_of_range",
        "脱密期 {period} 不在{level}涉密人员的范围({min}至{max})内",
        "A decommissioning period of {period} is outside the range for {level} personnel ({min} to {max})",
    ),
    ("lifecycle.period_too_long", "{field}不能超过 {years} 年", "{field} cannot be longer than {years} years"),
    ("lifecycle.extension_empty", "延长期限不能为零", "The extension cannot be zero"),
    (
        "lifecycle.not_ended",
        "脱密期至 {end} 届满,届满前不能解除",
        "The decommissioning period ends on {end}: release is possible from that day",
    ),
    ("lifecycle.unknown_step", "策略中没有步骤 “{value}”", "The policy has no step \"{value}\""),
    (
        "lifecycle.step_not_now",
        "当前阶段为“{stage}”,不能登记“{step}”",
        "The person is in the stage \"{stage}\": \"{step}\" cannot be recorded now",
    ),
    ("training.unknown_category", "策略中没有培训类别 “{value}”", "The policy has no training category \"{value}\""),
    (
        "training.hours_range",
        "{field}应为 {min} 至 {max} 的整数(一次培训为一天,至多 {max} 学时)",
        "{field} must be a whole number from {min} to {max} (a session is one day: {max} hours at most)",
    ),
    ("training.no_attendees", "请至少选择一名参加人员", "Choose at least one attendee"),
    (
        "training.too_many",
        "符合条件的人员有 {count} 名,一次最多选择 {max} 名,请缩小范围",
        "{count} people match; at most {max} can be chosen at once: narrow the choice",
    ),
    ("lifecycle.item_incomplete", "清退物品需填写物品名称和接收人", "A returned item needs its name and who received it"),
    ("policy.unreadable", "无法读取策略文件 {path}:{detail}", "Cannot read the policy file {path}: {detail}"),
    (
        "policy.file_invalid",
        "策略文件 {path} 有误,仍使用原策略:{detail}",
        "The policy file {path} is not valid; the previous policy stays in force: {detail}",
    ),
    ("lifecycle.use_depart", "在岗人员离岗离职请使用 depart 命令", "A person on duty leaves with the depart command"),
    (
        "lifecycle.nothing_next",
        "当前阶段为“{stage}”,没有可进入的下一阶段",
        "The person is in the stage \"{stage}\": there is no next stage",
    ),
    (
        "lifecycle.departure_kind",
        "离岗类型应为 post(离岗)或 organisation(离职),而不是 “{value}”",
        "The departure kind is post or organisation, not \"{value}\"",
    ),
    ("policy.unknown", "没有内置策略 “{value}”", "There is no built-in policy \"{value}\""),
    // Importing a roster (import.rs).
    ("import.no_such_column", "文件中没有列 “{value}”", "The file has no column \"{value}\""),
    ("import.column_twice", "“{field}”对应了多列:{columns}", "\"{field}\" is matched by more than one column: {columns}"),
    ("import.column_missing", "缺少必需的列:{field}", "A required column is missing: {field}"),
    ("import.sex", "性别应为“男”或“女”,而不是 “{value}”", "The sex is 男/male or 女/female, not \"{value}\""),
    (
        "import.stage",
        "无法识别的阶段 “{value}”(可填:上岗、在岗、离岗离职、脱密期)",
        "Unknown stage \"{value}\" (use onboarding, on duty, departing or decommissioning)",
    ),
    (
        "import.id_as_number",
        "身份证号码在 Excel 中存成了数字,后几位已丢失。请把该列设为“文本”格式后重新输入",
        "The ID number was stored as a number in Excel and its last digits are lost: format the column as Text and type it again",
    ),
    (
        "import.released",
        "已解除脱密期管理的人员不导入(名册只导入上岗、在岗、离岗离职和脱密期人员)",
        "Released people are not imported (a roster imports people onboarding, on duty, departing or in decommissioning)",
    ),
    (
        "import.onboarding_after_start",
        "上岗手续完成日期 {date} 晚于上岗日期 {start}",
        "The onboarding steps ({date}) are dated after the start on the post ({start})",
    ),
    ("import.no_such_step", "本策略没有与“{field}”对应的在岗事项", "The policy has no on-duty step for \"{field}\""),
    (
        "import.departure_needed",
        "离岗离职或脱密期人员须填写离岗离职日期",
        "People departing or in decommissioning need their departure date",
    ),
    (
        "import.decommissioning_end",
        "脱密期届满日期 {date} 与离岗离职日期 {start} 之间不是整月",
        "The decommissioning end {date} is not a whole number of months after the departure on {start}",
    ),
    ("import.duplicate_in_file", "{value} 与第 {first} 行重复", "{value} repeats row {first}"),
    (
        "import.in_register",
        "{value} 已在登记册中(如需更新请选择“更新已有人员”)",
        "{value} is already in the register (choose \"update existing people\" to update)",
    ),
    ("import.already_imported", "此文件已于 {date} 导入过(SHA-256 相同)", "This file was already imported on {date} (same SHA-256)"),
    ("import.unreadable", "无法读取文件 {path}:{detail}", "Cannot read the file {path}: {detail}"),
    ("import.format", "{path} 不是可读取的 Excel、ODS 或 CSV 文件", "{path} is not an Excel, ODS or CSV file that can be read"),
    ("import.no_sheet", "文件中没有工作表 “{value}”(有:{sheets})", "The file has no sheet \"{value}\" (it has: {sheets})"),
    ("import.empty", "文件中没有人员", "The file holds no people"),
    ("import.encoding", "无法识别的编码 “{value}”(可选:utf-8、gb18030)", "Unknown encoding \"{value}\" (use utf-8 or gb18030)"),
    ("import.no_faults", "没有出错的行", "No row was refused"),
    (
        "import.refused",
        "导入未执行:文件中有 {faults} 处问题,登记册未作任何更改",
        "Nothing was imported: the file has {faults} problem(s) and the register is unchanged",
    ),
    ("cli.import_written", "已导入:新增 {added} 人,更新 {updated} 人,未变 {unchanged} 人", "Imported: {added} added, {updated} updated, {unchanged} unchanged"),
    ("cli.import_checked", "检查通过:{rows} 人,可以导入(本次未写入)", "Checked: {rows} people, ready to import (nothing written)"),
    ("cli.import_refused", "共 {faults} 处问题,未写入任何内容", "{faults} problem(s); nothing was written"),
    (
        "import.map",
        "“{value}” 不是列映射(写作 列=字段,如 C=staff_no)",
        "\"{value}\" is not a column mapping (write COLUMN=FIELD, e.g. C=staff_no)",
    ),
    // Reminders (reminders/).
    ("reminder.not_found", "没有待办事项 “{id}”(可能已经办结)", "No open reminder \"{id}\" (it may already be done)"),
    ("reminders.none_chosen", "请选择要登记完成的事项", "Choose the reminders to record done"),
    ("cli.projection_rebuilding", "正在重建提醒索引:已计算 {done} 人,共 {total} 人", "Rebuilding the reminders' projection: {done} of {total} people computed"),
    ("cli.projection_rebuilt", "提醒索引已重建:{people} 人,{rows} 项待办", "The reminders' projection is rebuilt: {people} people, {rows} open items"),
    ("cli.projection_not_built", "提醒索引未能完成重建(期间政策有变);已计算 {people} 人。请再运行一次", "The reminders' projection was not completed (the policy changed meanwhile); {people} people computed. Run it again"),
    ("cli.projection_equal", "提醒索引与完整计算一致({as_of}:比对 {people} 人、{rows} 项)", "The reminders' projection agrees with the full recomputation ({as_of}: {people} people, {rows} items compared)"),
    ("cli.projection_differs", "提醒索引与完整计算有 {n} 处不同({as_of}):", "The reminders' projection differs from the full recomputation in {n} place(s) ({as_of}):"),
    ("cli.reminders_done", "已登记完成 {n} 项,涉及 {people} 人", "Recorded done: {n} item(s) for {people} person(s)"),
    (
        "reminders.batch_refused",
        "未登记任何事项:{count} 项不能登记完成,登记册未作更改",
        "Nothing was recorded: {count} item(s) cannot be recorded done, and the register is unchanged",
    ),
    ("reminders.person_refused", "{name}({staff_no})· {what}:{reason}", "{name} ({staff_no}) · {what}: {reason}"),
    (
        "reminders.not_a_step",
        "此事项不是可登记完成的步骤,请打开办理",
        "This is not a step that can be recorded done here; open it to deal with it",
    ),
    ("reminder.snooze_not_after_today", "暂缓提醒的日期应晚于今天({today})", "Snooze until a day after today ({today})"),
    ("notify.failed", "无法发送桌面通知:{detail}", "The desktop notification could not be sent: {detail}"),
    ("reminder.state", "提醒状态应为 upcoming、due 或 overdue,而不是 “{value}”", "The state is upcoming, due or overdue, not \"{value}\""),
    // What the command line prints around the register's data (cli/).
    ("cli.actual", "实际:", "Actual:"),
    ("cli.archived", "  (已归档)", "  (archived)"),
    ("cli.audit_chain_intact_entries", "审计链完整,条目数:", "Audit chain intact, entries:"),
    // The audit chain's anchor: signatures and the head printed on paper (office/chain_head.rs).
    (
        "anchor.head_unreadable",
        "“{value}”不是审计链头:应为打印的编号和校验字符,如 #1234·3f9a12bc·d4e1a0b7",
        "\"{value}\" is not an audit chain head: type the number and the hex digits as printed, e.g. #1234·3f9a12bc·d4e1a0b7",
    ),
    (
        "anchor.head_digits",
        "审计链头“{value}”只有 {count} 位校验字符,至少需要 {min} 位",
        "The audit chain head \"{value}\" has {count} hex digits; at least {min} are needed",
    ),
    ("anchor.intact", "审计链完整:共 {entries} 条记录,最新一条为 {head}", "The audit chain is intact: {entries} entries, the newest {head}"),
    ("anchor.empty", "审计记录中还没有任何条目", "The audit trail has no entries yet"),
    (
        "anchor.emptied_signed",
        "审计记录已被清空:签名密钥生成于 {date},审计链中却没有任何条目",
        "The audit trail was emptied: its signing key was made on {date} but the trail has no entries",
    ),
    (
        "anchor.emptied",
        "审计记录已被清空:登记册中有 {people} 人,审计链中却没有任何条目",
        "The audit trail was emptied: it has no entries although people are registered ({people})",
    ),
    (
        "anchor.head_matches",
        "与打印的审计链头 {head} 相符:第 {seq} 条及之前的记录自打印以来未被改动",
        "Matches the printed head {head}: entry #{seq} and every entry before it are as they were when it was printed",
    ),
    (
        "anchor.head_rewritten",
        "表单上打印的第 {seq} 条记录({head})已不相符:审计链在该条或之前被改写",
        "The entry #{seq} printed on a form ({head}) no longer matches: the trail was rewritten at or before it",
    ),
    (
        "anchor.head_removed",
        "审计链止于第 {last} 条,但表单上打印了第 {seq} 条({head}):最新的记录已被删除",
        "The trail ends at #{last} but a form printed #{seq} ({head}): its newest entries were removed",
    ),
    (
        "anchor.head_weak",
        "只核对了 {count} 位校验字符:请尽量输入打印的全部 16 位",
        "Only {count} hex digits were compared: type all 16 as printed where you can",
    ),
    (
        "anchor.bad_signature",
        "第 {seq} 条记录的签名不符:不是用本登记册的密钥写入的",
        "Entry #{seq}'s signature does not match: written without the register's key",
    ),
    (
        "anchor.unsigned",
        "第 {seq} 条记录没有签名(自第 {from} 条起均应签名):不是用本登记册的密钥写入的",
        "Entry #{seq} has no signature although signing began at #{from}: written without the register's key",
    ),
    (
        "anchor.key_missing",
        "登记册的签名密钥不见了,而第 {from} 条起的记录带有签名:密钥被删除或替换",
        "The register's signing key is missing although entries from #{from} on are signed: the key was removed or replaced",
    ),
    ("anchor.signed_all", "全部记录均有本登记册密钥的签名", "Every entry is signed with the register's key"),
    (
        "anchor.signed_from",
        "第 {from} 条起的记录均有本登记册密钥的签名;此前的 {before} 条写于开始签名之前",
        "Entries from #{from} on are signed with the register's key; the {before} before them were written before signing began",
    ),
    ("anchor.unsigned_all", "全部 {entries} 条记录写于开始签名之前", "All {entries} entries were written before signing began"),
    ("anchor.key", "签名密钥指纹:{fingerprint}(生成于 {date})", "Signing key fingerprint: {fingerprint} (made {date})"),
    (
        "anchor.backup_head",
        "备份中的审计链头为 {head}:请记下或随备份记录打印,日后可据此核对审计记录",
        "The audit chain head in the backup is {head}: note it or print it with the backup record to check the trail against later",
    ),
    ("anchor.failed", "审计链核验未通过:发现 {count} 处问题", "The audit chain check failed: {count} problems found"),
    ("cli.colon", ":", ": "),
    ("cli.database", "数据库:", "Database:"),
    ("cli.decommissioning_ends", "脱密期至:", "Decommissioning ends:"),
    ("cli.document", "证件", "Document"),
    ("cli.done", "已完成", "done"),
    ("cli.due", "到期", "due"),
    ("cli.due_2", "期限", "due"),
    ("cli.forms", "份表单", "forms"),
    ("cli.holiday_calendar", "节假日日历:", "Holiday calendar:"),
    ("cli.language", "语言:", "Language:"),
    ("cli.level_2", "等级:", "Level:"),
    ("cli.level_history", "等级变更:", "Level history:"),
    ("cli.levels", "等级:", "Levels:"),
    ("cli.not_done", "未完成", "not done"),
    ("cli.not_returned", "未收回", "not returned"),
    ("cli.nothing_newly_due_today", "今天没有新的到期事项", "Nothing newly due today"),
    ("cli.nothing_to_remind_of", "没有需要提醒的事项", "Nothing to remind of"),
    ("cli.operator", "操作员:", "Operator:"),
    ("cli.password_prompt", "密码:", "Password: "),
    ("cli.new_password_prompt", "新密码(至少 8 个字符):", "New password (at least 8 characters): "),
    ("cli.new_password_again", "再次输入新密码:", "The new password again: "),
    ("cli.account_active", "可登录", "active"),
    ("cli.account_disabled", "已停用", "disabled"),
    ("cli.account_created", "创建于", "created"),
    ("cli.account_failures", "连续登录失败次数:", "failed sign-ins in a row:"),
    ("cli.password_changed", "密码已更改", "The password was changed"),
    ("cli.account", "账户:", "Account:"),
    ("cli.idle_lock", "闲置锁定(分钟):", "Idle lock (minutes):"),
    ("cli.out_since", "领出于", "out since"),
    ("cli.early_checkout", "提前领取:", "Checked out early:"),
    ("cli.approved_by", "审批人", "approved by"),
    ("cli.corrected", "计划日期更正为", "Planned dates corrected to"),
    ("cli.overdue_no_return_recorded", "逾期未归", "OVERDUE: no return recorded"),
    ("cli.people", "人", "people"),
    ("cli.period_rules", "期限规则:", "Period rules:"),
    ("cli.planned", "计划:", "Planned:"),
    ("cli.policy_file_is_valid", "策略文件无误:", "Policy file is valid:"),
    ("cli.received", "已收回", "received"),
    ("cli.voided", "已作废", "voided"),
    ("cli.void_reason", "作废原因:", "Reason:"),
    ("cli.copy_written", "已补印副本(副本 / COPY,表号与核验码同正本)", "Copy printed (副本 / COPY, the original's number and code)"),
    ("cli.draft_written", "已生成样稿(样稿 / DRAFT,未编号、未登记)", "Draft written (样稿 / DRAFT, not numbered or registered)"),
    ("cli.scan", "扫描件:", "Scan:"),
    ("cli.photo_set", "照片已保存:{width} × {height} 像素,{kb} KB", "Photo saved: {width} × {height} pixels, {kb} KB"),
    ("cli.photo_removed", "照片已删除", "Photo removed"),
    ("cli.search", "搜索:", "Search:"),
    ("cli.stage", "阶段:", "Stage:"),
    ("cli.the_content_does_not_match_the_code", "内容与校验码不一致", "The content does NOT match the code"),
    ("cli.the_content_matches_the_code", "内容与校验码一致", "The content matches the code"),
    (
        "cli.the_office_s_template_failed_the_shipped",
        "单位模板出错,已改用内置模板:",
        "The office's template failed; the shipped one was used:",
    ),
    ("cli.the_scan_is_intact", "扫描件完好", "The scan is intact"),
    ("cli.the_scan_was_altered_or_is_missing", "扫描件已改动或缺失", "The scan was altered or is missing"),
    ("cli.to", "目的地:", "To:"),
    ("cli.exported", "已将{list}的 {rows} 行导出到 {path}", "Exported {rows} rows of {list} to {path}"),
    (
        "cli.exported_with_id_numbers",
        "文件含完整身份证号码,本次导出已记入审计记录",
        "The file holds whole ID numbers; the export is recorded in the audit trail",
    ),
    ("cli.training_category", "培训类别:", "training category:"),
    ("cli.trip", "行程", "Trip"),
    ("cli.unit_2", "单位:", "Unit:"),
    // The office server (issue 16): reaching it, and who the operator is there (office/server_identity.rs).
    (
        "server.unreachable",
        "无法连接办公室服务器 {server}:请检查网络、服务器地址与端口,然后重试",
        "Cannot reach the office server {server}: check the network, the server's address and port, then try again",
    ),
    ("server.lost", "与办公室服务器的连接中断:请检查网络后重试", "The connection to the office server was lost: check the network and try again"),
    (
        "server.tls",
        "办公室服务器的证书未通过验证:请检查所选的 CA 证书文件",
        "The office server's certificate was not accepted: check the CA certificate file chosen",
    ),
    ("server.wrong_password", "办公室服务器拒绝了角色“{name}”的密码", "The office server refused the password of the role \"{name}\""),
    (
        "server.login_refused",
        "办公室服务器不允许角色“{name}”登录(已停用,或不允许从这台计算机连接):请联系管理员",
        "The office server does not let the role \"{name}\" sign in (disabled, or not allowed from this computer): ask an administrator",
    ),
    ("server.role_required", "请输入您的服务器角色", "Enter your server role"),
    ("server.password_required", "请输入办公室服务器的密码", "Enter your password for the office server"),
    (
        "server.no_role",
        "服务器角色“{name}”不属于办事员、审批人、审计员或管理员中任何一个角色(ct_clerk、ct_approver、ct_auditor、ct_admin):请服务器管理员为其授予角色",
        "The server role \"{name}\" is in none of the office's roles (ct_clerk, ct_approver, ct_auditor, ct_admin): ask the server's administrator to grant one",
    ),
    (
        "server.other_role",
        "此窗口以服务器角色“{name}”连接办公室服务器;要以其他角色工作,请重新启动本程序",
        "This window is connected to the office server as the role \"{name}\"; to work as another role, start the app again",
    ),
    (
        "server.no_password_check",
        "此处无法向办公室服务器核对密码:请重新启动本程序",
        "The password cannot be checked with the office server here: start the app again",
    ),
    (
        "server.createrole",
        "服务器角色“{name}”没有建立角色的权限(CREATEROLE),不能在办公室服务器上建立或修改账户:请服务器管理员授予",
        "The server role \"{name}\" may not create roles (CREATEROLE), so it cannot create or change accounts on the office server: ask the server's administrator",
    ),
    (
        "access.server_refused",
        "您的角色无权执行此操作:办公室服务器拒绝了它,未作任何更改",
        "Your role may not do this: the office server refused it and nothing was changed",
    ),
    (
        "access.server_refused_role",
        "{role}无权执行此操作:办公室服务器拒绝了它,未作任何更改",
        "Not allowed for the role {role}: the office server refused it and nothing was changed",
    ),
    // A register on the office server (issue 16, store/open_server.rs): what only a file has, an
    // address that is not one, an upgrade only the tables' owner may make.
    (
        "store.not_on_server",
        "办公室服务器上的登记册由服务器管理员负责此项工作(加密、备份与恢复、文件检查),本程序未作任何更改",
        "This is done by the server's administrator on an office server register (encryption, backup and restore, the file's checks); nothing was changed",
    ),
    (
        "server.bad_address",
        "“{address}”不是有效的办公室服务器地址。格式:postgres://角色@主机:端口/数据库(可附 ?sslmode=verify-full&sslrootcert=CA证书文件)",
        "\"{address}\" is not a valid office server address. Write it as postgres://role@host:port/database (optionally ?sslmode=verify-full&sslrootcert=CA-file)",
    ),
    (
        "server.needs_upgrade",
        "办公室服务器上的登记册需要升级,只有建立该登记册的服务器角色才能升级:请服务器管理员先用本版本打开一次。未作任何更改",
        "The register on the office server needs an upgrade that only the server role that set it up may make: ask the server's administrator to open it once with this version. Nothing was changed",
    ),
    ("server.field_invalid", "{field}不能含有控制字符,且不超过 200 个字符", "{field} cannot hold control characters nor be longer than 200 characters"),
    ("server.port_invalid", "端口应为 1 至 65535 之间的数字", "The port is a number from 1 to 65535"),
    ("server.ca_missing", "找不到 CA 证书文件 {path}", "The CA certificate file {path} cannot be found"),
    (
        "server.first_only",
        "只有在本计算机尚无登记册的首次启动时才能在此选择办公室服务器;请改用“设置 → 登记册”。未作任何更改",
        "The office server is chosen here only at the first start, before this computer has a register; use Settings → Register instead. Nothing was changed",
    ),
    (
        "server.no_database",
        "办公室服务器 {server} 上没有数据库“{database}”:请检查地址中的数据库名称(数据库由服务器管理员创建)。未作任何更改",
        "The office server {server} has no database \"{database}\": check the database's name in the address (the server's administrator creates it). Nothing was changed",
    ),
    (
        "server.foreign",
        "办公室服务器上的数据库“{database}”属于其他程序,不是 Clearance Tracker 登记册,未作任何更改。请检查地址中的数据库名称",
        "The database \"{database}\" on the office server belongs to another program, not a Clearance Tracker register; nothing was changed. Check the database's name in the address",
    ),
    ("server.busy", "办公室服务器连接已满或暂时不可用,请稍后重试", "The office server has no free connection or is not available just now: try again shortly"),
    // Moving a register file to the office server (`migrate`, issue 16; office/migrate.rs).
    (
        "migrate.not_empty",
        "办公室服务器上的登记册 {server} 已有记录(表 {table} 中 {rows} 行):只能迁移到空的登记册,未作任何更改",
        "The register on the office server {server} already holds records ({rows} rows in {table}): a register can only be moved into an empty one, and nothing was changed",
    ),
    (
        "migrate.done",
        "已迁移到办公室服务器 {server}:{people} 名人员、{forms} 份已发表单({scans} 份扫描件)、{entries} 条审计记录,{tables} 个表共 {rows} 行。服务器上的审计链核验完整,链头 {head} 与原文件相同。原文件未作任何更改。",
        "Moved to the office server {server}: {people} people, {forms} issued forms ({scans} scans), {entries} audit entries, {rows} rows in {tables} tables. The audit chain verifies on the server and its head {head} is the file's. The file was not changed.",
    ),
    (
        "migrate.chain_broken",
        "已复制到办公室服务器 {server}({tables} 个表共 {rows} 行),但服务器上的审计链核验未通过(链头 {head}):请运行 audit verify 查看详情。原文件未作任何更改。",
        "Copied to the office server {server} ({rows} rows in {tables} tables), but the audit chain does not verify there (head {head}): run audit verify for the details. The file was not changed.",
    ),
    (
        "migrate.progress",
        "正在复制 {table}:{rows} 行",
        "Copying {table}: {rows} rows",
    ),
    (
        "migrate.same_file",
        "--to 须为办公室服务器的地址(postgres://角色@主机/数据库),不是文件 {path}",
        "--to must be the office server's address (postgres://role@host/database), not the file {path}",
    ),
    ("server.user_required", "请用 --user 指定服务器角色(或设置 CLEARANCE_TRACKER_USER),或写在地址中:postgres://角色@主机/数据库", "Name the server role with --user (or CLEARANCE_TRACKER_USER), or in the address: postgres://role@host/database"),
];

/// Field names as they appear inside messages.
pub(crate) const FIELDS: &[(&str, &str, &str)] = &[
    ("name", "姓名", "Name"),
    ("staff_no", "人员编号", "Staff number"),
    ("id_number", "身份证号码", "ID number"),
    ("sex", "性别", "Sex"),
    ("birth_date", "出生日期", "Date of birth"),
    ("unit", "单位/部门", "Unit"),
    ("post", "岗位", "Post"),
    ("level", "涉密等级", "Level"),
    ("start_date", "计划上岗日期", "Planned start date"),
    ("phone", "电话", "Phone"),
    ("notes", "备注", "Notes"),
    ("effective", "生效日期", "Effective date"),
    ("reason", "原因", "Reason"),
    ("operator", "操作员", "Operator"),
    ("password", "密码", "Password"),
    ("account", "账户", "Account"),
    ("role", "角色", "Role"),
    ("operation", "被拒绝的操作", "Operation refused"),
    ("failures", "连续失败次数", "Failures in a row"),
    ("seconds", "等待时间", "Wait"),
    ("waiting_until", "等待至", "Waiting until"),
    ("known", "账户存在", "Account exists"),
    ("disabled", "已停用", "Disabled"),
    ("idle_lock_minutes", "闲置锁定(分钟)", "Idle lock (minutes)"),
    ("duty_date", "上岗日期", "Date on duty"),
    ("departure_date", "离岗离职日期", "Departure date"),
    ("release_date", "解除日期", "Release date"),
    ("period", "脱密期期限", "Decommissioning period"),
    ("extension", "延长期限", "Extension"),
    ("done_on", "完成日期", "Date done"),
    ("override_reason", "例外放行理由", "Reason for the override"),
    ("step", "步骤", "Step"),
    ("category", "培训类别", "Category"),
    ("hours", "学时", "Hours"),
    ("item", "物品", "Item"),
    ("destinations", "目的地", "Destinations"),
    ("purpose", "事由", "Purpose"),
    ("kind", "类别", "Kind"),
    ("planned_departure", "计划出发日期", "Planned departure"),
    ("planned_return", "计划回国(境)日期", "Planned return"),
    ("new_return", "新的回国(境)日期", "New return date"),
    ("requested", "申请日期", "Request date"),
    ("document", "证件", "Document"),
    ("approver", "审批人", "Approver"),
    ("personnel_opinion", "人事部门意见", "Personnel department's opinion"),
    ("secrecy_office_opinion", "保密工作机构意见", "Secrecy office's opinion"),
    ("number", "证件号码", "Document number"),
    ("issued", "签发日期", "Issue date"),
    ("expires", "有效期至", "Expiry date"),
    ("registered", "登记日期", "Registration date"),
    ("location", "存放位置(保险柜/格号)", "Location (safe / box)"),
    ("counterpart", "交接人", "Handed to / by"),
    ("date", "日期", "Date"),
    ("summary", "报告摘要", "Report summary"),
    ("note", "说明", "Note"),
    ("until", "暂缓至", "Snooze until"),
    ("office_name", "保密工作机构名称", "Office name"),
    // The fields the audit trail records (history.rs shows them by these labels).
    ("ack", "提醒处理", "Reminder handling"),
    ("approved", "审批结果", "Decision"),
    ("approval_level", "审批层级", "Approval level"),
    ("archive_reason", "归档原因", "Reason for archiving"),
    ("archived_on", "归档日期", "Archived on"),
    ("by", "经办人", "Handled by"),
    ("content_hash", "内容哈希", "Content hash"),
    ("due", "到期日", "Due date"),
    ("due_date", "提醒到期日", "Reminder due date"),
    ("issued_on", "出具日期", "Issued on"),
    ("items", "清退物品", "Returned items"),
    ("keep_in_tray", "关闭窗口后在托盘运行", "Keep running in the tray"),
    ("language", "界面语言", "Language"),
    ("length", "长度", "Length"),
    ("missing_steps", "未完成的手续", "Steps missing"),
    ("movement", "证件流转", "Movement"),
    ("policy", "策略", "Policy"),
    ("version", "版本", "Version"),
    ("path", "文件", "File"),
    ("previous_return", "原定回国(境)日期", "Previous return date"),
    ("received_on", "签字件收回日期", "Signed copy received on"),
    ("voided_on", "作废日期", "Voided on"),
    ("void_reason", "作废原因", "Reason voided"),
    ("voided", "已作废", "Voided"),
    ("printed_on", "补印日期", "Reprinted on"),
    ("rule", "依据", "Source"),
    ("stage", "阶段", "Stage"),
    ("next_due", "下一到期事项", "Next due"),
    ("state", "行程状态", "Trip state"),
    ("status", "证件状态", "Document status"),
    ("template_version", "模板版本", "Template version"),
    ("transition", "办理事项", "Action"),
    ("trip", "行程", "Trip"),
    ("verification_code", "校验码", "Verification code"),
    ("form_language", "表单打印语言", "Form print language"),
    ("form_template", "表单模板", "Form template"),
    ("form_template_path", "表单模板文件", "Form template file"),
    ("form_template_version", "表单模板版本", "Form template version"),
    ("steps", "已完成事项记录", "Steps recorded"),
    ("training_sessions", "培训场次", "Training sessions"),
    ("level_changes", "等级变更", "Level changes"),
    ("travel_documents", "出入境证件", "Travel documents"),
    ("trips", "出国(境)行程", "Trips"),
    // Roster columns (roster.rs) that are not a person's field.
    ("onboarding_done", "上岗手续完成日期", "Onboarding steps done on"),
    ("last_training", "最近培训日期", "Last training"),
    ("last_review", "最近复审日期", "Last re-review"),
    ("last_commitment", "最近承诺书签订日期", "Last commitment signed"),
    ("decommissioning_end", "脱密期届满日期", "Decommissioning period ends"),
    ("office_name_en", "保密工作机构英文名称", "Office name in English"),
    ("topic", "培训主题", "Topic"),
    // Settings → Register's office server (commands/server.rs, issue 16).
    ("server_host", "服务器地址", "Server address"),
    ("server_database", "数据库", "Database"),
    ("server_user", "服务器角色", "Server role"),
    ("attendees", "参加人员", "Attendees"),
    ("action_taken", "处理情况", "Action taken"),
    ("receiving_organisation", "脱密期委托管理单位", "Receiving organisation"),
    ("received_by", "接收人", "Received by"),
    ("classification", "密级", "Classification"),
    ("item_number", "物品编号", "Item number"),
    ("returned_on", "交回日期", "Date returned"),
    // A backup's and a restore's audit entry, and the backup settings (office/backup.rs).
    ("backup_folder", "自动备份文件夹", "Automatic backup folder"),
    ("backup_keep", "保留的自动备份份数", "Automatic backups kept"),
    ("sha256", "SHA-256 校验值", "SHA-256"),
    ("bytes", "文件大小(字节)", "Size (bytes)"),
    ("people", "人员数", "People"),
    ("scans", "扫描件数", "Scans"),
    ("schema", "数据结构版本", "Schema version"),
    ("automatic", "自动备份", "Automatic"),
    ("taken_at", "备份时间", "Backed up at"),
    ("kept_as", "恢复前的登记册另存为", "Register before the restore kept as"),
    // The register's encryption (office/key.rs).
    ("cipher", "加密库", "Cipher"),
    ("kdf", "密钥派生", "Key derivation"),
    ("audit_entries", "已校验的审计记录数", "Audit entries verified"),
    ("plain_copy", "未加密副本", "Unencrypted copy"),
    ("plain_copy_overwritten", "未加密副本已覆盖", "Unencrypted copy overwritten"),
    // An export's audit entry, and the columns of the exported lists (office/export.rs).
    ("list", "清单", "List"),
    ("format", "文件格式", "File format"),
    ("rows", "行数", "Rows"),
    ("id_numbers", "含完整身份证号码", "Full ID numbers included"),
    ("due_state", "提醒状态", "Reminder state"),
    ("days_overdue", "逾期天数", "Days overdue"),
    ("obligation", "事项", "What is due"),
    ("overdue", "是否逾期", "Overdue"),
    ("departed", "实际出发日期", "Departed on"),
    ("returned", "实际回国(境)日期", "Returned on"),
    ("out_since", "领出日期", "Out since"),
    ("expiring", "即将过期", "Expiring soon"),
    ("early_reason", "提前领取原因", "Early check-out: reason"),
    ("early_approver", "提前领取审批人", "Early check-out: approver"),
    ("previous_departure", "原计划出发日期", "Planned departure before"),
    ("new_departure", "新计划出发日期", "New planned departure"),
    ("form_number", "表单编号", "Form number"),
    // A roster import's audit entry (office/import.rs).
    ("file", "文件", "File"),
    ("added", "新增人数", "Added"),
    ("updated", "更新人数", "Updated"),
    ("imported_at", "导入时间", "Imported at"),
    ("scan", "扫描件", "Scan"),
    // The Audit screen's filters, its export's columns and the export's own entry (office/audit.rs).
    ("audit_from", "起始日期", "First day"),
    ("audit_to", "截止日期", "Last day"),
    ("audit_action", "操作", "Action"),
    ("audit_period", "时间范围", "Period"),
    ("audit_filter", "筛选条件", "Filter"),
    ("audit_seq", "序号", "No."),
    ("audit_at", "时间", "Time"),
    ("audit_record", "对象", "Record"),
    ("audit_changes", "变更内容", "Changes"),
    ("audit_hash", "哈希值", "Hash"),
    // The head of the audit chain as printed on a form, an export or a backup report.
    ("head", "审计链头", "Audit chain head"),
    ("chain_head", "审计链头", "Audit chain head"),
    ("person", "人员", "Person"),
    // A photograph's audit entry (office/photo.rs).
    ("photo", "照片", "Photo"),
    ("source_file", "来源文件", "Source file"),
    ("source_size", "原图尺寸", "Original size"),
];

pub fn field_label(field: &str, lang: Lang) -> String {
    FIELDS.iter().find(|(k, _, _)| *k == field).map(|(_, zh, en)| if lang == Lang::ZhCn { *zh } else { *en }).unwrap_or(field).to_owned()
}

/// The text of `code` in `lang`. An unknown code yields the code itself, so a missing
/// translation is visible rather than silent.
pub fn message(code: &str, params: &BTreeMap<String, String>, lang: Lang) -> String {
    let template =
        MESSAGES.iter().find(|(k, _, _)| *k == code).map(|(_, zh, en)| if lang == Lang::ZhCn { *zh } else { *en }).unwrap_or(code);
    let mut out = template.to_owned();
    // A value given in both languages (`step.zh-CN`, `step.en`) fills `{step}` in the message's.
    let suffix = format!(".{}", lang.tag());
    for (key, value) in params {
        if let Some(base) = key.strip_suffix(&suffix) {
            out = out.replace(&format!("{{{base}}}"), value);
        }
    }
    for (key, value) in params {
        let shown = if key == "field" { field_label(value, lang) } else { value.clone() };
        out = out.replace(&format!("{{{key}}}"), &shown);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages_and_the_same_placeholders() {
        for (code, zh, en) in MESSAGES {
            assert!(!zh.is_empty() && !en.is_empty(), "{code}");
            let holes = |s: &str| {
                let mut v: Vec<String> = s.split('{').skip(1).filter_map(|p| p.split('}').next()).map(str::to_owned).collect();
                v.sort();
                v
            };
            assert_eq!(holes(zh), holes(en), "{code}");
        }
    }

    /// Codes the rules' source hands to an error, read from the source itself: a code with no
    /// message would reach a person as `snake_case.words`.
    #[test]
    fn every_code_the_rules_use_has_a_message() {
        fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
                let path = entry.path();
                if path.is_dir() {
                    sources(&path, out);
                } else if path.extension().is_some_and(|x| x == "rs") {
                    out.push(path);
                }
            }
        }
        let mut files = Vec::new();
        // The whole backend: the rules, and the office, store, CLI and commands around them.
        sources(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
        for edge in ["../office", "../cli", "../commands", "../store", "../error.rs"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(edge);
            if path.is_dir() {
                sources(&path, &mut files);
            } else {
                files.push(path);
            }
        }
        let makes_error = ["FieldError::new(", "FieldError::general(", "PolicyError::at(", ".err(", "refuse(", "code = \"", ".text(\""];
        let is_code = |lit: &str| {
            lit.contains('.')
                && !lit.starts_with('.')
                && !lit.ends_with('.')
                && lit.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
        };
        let mut seen = 0;
        let mut missing = Vec::new();
        for file in &files {
            let source = std::fs::read_to_string(file).unwrap();
            for line in source.lines().filter(|l| makes_error.iter().any(|m| l.contains(m))) {
                for lit in line.split('"').skip(1).step_by(2).filter(|l| is_code(l)) {
                    seen += 1;
                    if !MESSAGES.iter().any(|(code, _, _)| code == &lit) {
                        missing.push(format!("{}: {lit}", file.display()));
                    }
                }
            }
        }
        assert!(seen > 100, "the scan found only {seen} codes");
        assert!(missing.is_empty(), "codes without a message: {missing:#?}");
        // A field named in a message (`{field}`) is shown by its label, never by its key.
        let mut unlabelled = Vec::new();
        for file in &files {
            let source = std::fs::read_to_string(file).unwrap();
            for piece in source.split(".with(\"field\", \"").skip(1) {
                let field = piece.split('"').next().unwrap_or_default();
                if !FIELDS.iter().any(|(key, _, _)| *key == field) {
                    unlabelled.push(format!("{}: {field}", file.display()));
                }
            }
        }
        assert!(unlabelled.is_empty(), "fields without a label: {unlabelled:#?}");
    }

    #[test]
    fn fills_field_labels_in_the_right_language() {
        let mut p = BTreeMap::new();
        p.insert("field".to_owned(), "name".to_owned());
        assert_eq!(message("required", &p, Lang::ZhCn), "姓名不能为空");
        assert_eq!(message("required", &p, Lang::En), "Name is required");
    }

    #[test]
    fn values_given_in_both_languages_fill_the_right_one() {
        let mut p = BTreeMap::new();
        p.insert("step.zh-CN".to_owned(), "保密审查".to_owned());
        p.insert("step.en".to_owned(), "Security review".to_owned());
        assert_eq!(message("lifecycle.step_missing", &p, Lang::ZhCn), "尚未完成:保密审查");
        assert_eq!(message("lifecycle.step_missing", &p, Lang::En), "Not done yet: Security review");
    }

    #[test]
    fn locale_tags() {
        assert_eq!(Lang::from_locale("zh-CN"), Lang::ZhCn);
        assert_eq!(Lang::from_locale("zh_TW.UTF-8"), Lang::ZhCn);
        assert_eq!(Lang::from_locale("en-US"), Lang::En);
        assert_eq!(Lang::from_locale("de-DE"), Lang::En);
    }
}
