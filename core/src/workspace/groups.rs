//! Workspaces: named groups of accounts ("Shop", "Personal"). The sidebar shows one group at a
//! time (or all accounts); an account may be in several. While a group is not the one shown, its
//! accounts' alerts follow the group's rule: shown, counted only, or silent.

use super::{clean_label, new_account_id, SettingsError, Workspace};
use crate::inbox::policy::Mute;
use serde::{Deserialize, Serialize};

/// At most this many groups (Ctrl+Alt+1…9 reach the first nine).
pub const MAX_GROUPS: usize = 20;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Group {
    pub id: String,
    pub name: String,
    /// Its accounts by id, in the sidebar's order.
    #[serde(default)]
    pub accounts: Vec<String>,
    /// What its accounts' alerts do while another group is shown.
    #[serde(default)]
    pub outside: Outside,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Outside {
    /// Alerts as usual.
    #[default]
    Show,
    /// No alert; the unread count stays.
    Count,
    /// No alert, and not in the total.
    Silent,
}

impl Outside {
    fn as_mute(self) -> Mute {
        match self {
            Outside::Show => Mute::Off,
            Outside::Count => Mute::KeepBadge,
            Outside::Silent => Mute::HideBadge,
        }
    }
}

fn gone() -> SettingsError {
    SettingsError::Invalid(crate::problem::Problem::new("group.gone"))
}

impl Workspace {
    /// The group shown now, if any (none: every account).
    pub fn shown_group(&self) -> Option<&Group> {
        self.group.as_deref().and_then(|id| self.groups.iter().find(|g| g.id == id))
    }

    /// Whether the sidebar shows this account now.
    pub fn in_view(&self, account: &str) -> bool {
        self.shown_group().is_none_or(|g| g.accounts.iter().any(|a| a == account))
    }

    /// How an account's alerts go now: its own mute, made quieter by the rule of its groups while
    /// none of them is shown (the loudest of their rules: a group that shows its alerts wins).
    pub fn effective_mute(&self, account: &super::Account) -> Mute {
        if self.in_view(&account.id) {
            return account.mute;
        }
        let rule = self.groups.iter().filter(|g| g.accounts.contains(&account.id)).map(|g| g.outside).min().unwrap_or(Outside::Show);
        account.mute.max(rule.as_mute())
    }

    /// Makes a group (`id` none) or changes one; its id.
    pub fn save_group(&mut self, id: Option<&str>, name: &str, accounts: Vec<String>, outside: Outside) -> Result<String, SettingsError> {
        let name = clean_label(name)?;
        let mut members: Vec<String> = vec![];
        for account in accounts {
            self.account(&account)?;
            if !members.contains(&account) {
                members.push(account);
            }
        }
        // In the sidebar's order.
        members.sort_by_key(|m| self.accounts.iter().position(|a| &a.id == m));
        match id {
            Some(id) => {
                let group = self.groups.iter_mut().find(|g| g.id == id).ok_or_else(gone)?;
                (group.name, group.accounts, group.outside) = (name, members, outside);
                Ok(id.to_string())
            }
            None if self.groups.len() >= MAX_GROUPS => Err(SettingsError::Invalid(crate::problem::Problem::new("group.too_many").with("max", MAX_GROUPS))),
            None => {
                let id = new_account_id();
                self.groups.push(Group { id: id.clone(), name, accounts: members, outside });
                Ok(id)
            }
        }
    }

    /// Groups as read from a file, held to `save_group`'s rules: a name it takes, each id once,
    /// only accounts that are here; the rest left out.
    pub fn check_groups(&mut self) {
        let mut kept: Vec<Group> = vec![];
        for group in std::mem::take(&mut self.groups) {
            let accounts = group.accounts.into_iter().filter(|a| self.account(a).is_ok()).collect();
            let fine = kept.len() < MAX_GROUPS && !kept.iter().any(|g| g.id == group.id) && crate::text::is_plain_name(&group.id);
            self.groups = std::mem::take(&mut kept);
            if fine && self.save_group(None, &group.name, accounts, group.outside).is_ok() {
                self.groups.last_mut().expect("just saved").id = group.id;
            }
            kept = std::mem::take(&mut self.groups);
        }
        self.groups = kept;
    }

    pub fn remove_group(&mut self, id: &str) {
        self.groups.retain(|g| g.id != id);
        if self.group.as_deref() == Some(id) {
            self.group = None;
        }
    }

    /// Shows a group (none: every account); the account on screen stays if it is in it.
    pub fn show_group(&mut self, id: Option<&str>) -> Result<(), SettingsError> {
        if let Some(id) = id {
            if !self.groups.iter().any(|g| g.id == id) {
                return Err(gone());
            }
        }
        self.group = id.map(str::to_string);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_shows_its_accounts_and_quiets_the_others_by_its_rule() {
        let mut ws = Workspace::default();
        let shop = ws.add("whatsapp", "Shop", None).unwrap().id;
        let wholesale = ws.add("telegram", "Wholesale", None).unwrap().id;
        let friends = ws.add("telegram", "Friends", None).unwrap().id;
        let work = ws.save_group(None, "  Work ", vec![wholesale.clone(), shop.clone(), shop.clone()], Outside::Count).unwrap();
        let personal = ws.save_group(None, "Personal", vec![friends.clone()], Outside::Silent).unwrap();
        assert_eq!((ws.groups[0].name.as_str(), ws.groups[0].accounts.clone()), ("Work", vec![shop.clone(), wholesale.clone()]), "in the sidebar's order, once");
        let mute = |ws: &Workspace, id: &str| ws.effective_mute(ws.account(id).unwrap());
        // All shown: everyone alerts.
        assert!(ws.in_view(&friends) && mute(&ws, &friends) == Mute::Off);
        ws.show_group(Some(&work)).unwrap();
        assert!(ws.in_view(&shop) && !ws.in_view(&friends));
        assert_eq!((mute(&ws, &shop), mute(&ws, &friends)), (Mute::Off, Mute::HideBadge), "Personal is silent while Work is shown");
        ws.show_group(Some(&personal)).unwrap();
        assert_eq!(mute(&ws, &shop), Mute::KeepBadge, "Work only counts while Personal is shown");
        // In two groups: the louder rule wins; its own mute is never made louder.
        ws.save_group(Some(&personal), "Personal", vec![friends.clone()], Outside::Silent).unwrap();
        ws.save_group(None, "Everything", vec![wholesale.clone()], Outside::Show).unwrap();
        assert_eq!(mute(&ws, &wholesale), Mute::Off);
        ws.set_mute(&wholesale, Mute::HideBadge).unwrap();
        assert_eq!(mute(&ws, &wholesale), Mute::HideBadge);
        assert!(ws.save_group(None, "Ghosts", vec!["nobody".into()], Outside::Show).is_err(), "only accounts that exist");
        // A file's groups: only accounts that are here, a name a user could give, each id once.
        let mut read = ws.clone();
        read.groups.push(Group { id: work.clone(), name: "Again".into(), accounts: vec![], outside: Outside::Show });
        read.groups.push(Group { id: "g2".into(), name: " ".into(), accounts: vec![], outside: Outside::Show });
        read.groups.push(Group { id: "g3".into(), name: "Mixed".into(), accounts: vec![friends.clone(), "gone".into()], outside: Outside::Count });
        read.check_groups();
        assert_eq!(read.groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(), ["Work", "Personal", "Everything", "Mixed"]);
        assert_eq!((read.groups[3].id.as_str(), read.groups[3].accounts.clone()), ("g3", vec![friends.clone()]));
        ws.remove_group(&personal);
        assert!(ws.group.is_none() && ws.in_view(&friends), "its group gone, every account is shown");
    }
}
