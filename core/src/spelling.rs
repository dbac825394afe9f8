//! Which languages the pages check spelling in: the user's pick, or by default the dictionaries
//! of the languages the user reads (the system's list) that are installed.

use crate::problem::Problem;

/// At most this many languages at once (each is a dictionary in memory in every page).
pub const MAX_LANGUAGES: usize = 6;

/// The default: for each of the user's languages ("ru-RU", "en"), the installed dictionary of that
/// exact region, else the first of that language; in the user's order, each once.
pub fn automatic(installed: &[String], wanted: &[String]) -> Vec<String> {
    let mut chosen: Vec<String> = vec![];
    for language in wanted {
        let exact = language.replace('-', "_");
        let base = exact.split('_').next().unwrap_or("").to_ascii_lowercase();
        let found = installed
            .iter()
            .find(|d| d.eq_ignore_ascii_case(&exact))
            .or_else(|| installed.iter().find(|d| d.split(['_', '-']).next().is_some_and(|b| b.eq_ignore_ascii_case(&base))));
        if let Some(found) = found.filter(|f| !chosen.contains(f)) {
            chosen.push(found.clone());
        }
        if chosen.len() == MAX_LANGUAGES {
            break;
        }
    }
    chosen
}

/// The user's pick, checked against what is installed (`None`: the system checks, any is taken).
pub fn checked(picked: Vec<String>, installed: Option<&[String]>) -> Result<Vec<String>, Problem> {
    if picked.len() > MAX_LANGUAGES {
        return Err(Problem::new("spelling.too_many").with("max", MAX_LANGUAGES));
    }
    // Dictionary names ("en_US", "pt-BR"), whatever checks them: nothing else is kept.
    if let Some(odd) = picked.iter().find(|p| p.is_empty() || p.len() > 16 || !p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')) {
        return Err(Problem::new("spelling.not_installed").with("language", odd.chars().filter(|c| !c.is_control()).take(16).collect::<String>()));
    }
    if let Some(missing) = installed.and_then(|list| picked.iter().find(|p| !list.contains(p))) {
        return Err(Problem::new("spelling.not_installed").with("language", missing.chars().take(16).collect::<String>()));
    }
    let mut unique: Vec<String> = vec![];
    for language in picked {
        if !unique.contains(&language) {
            unique.push(language);
        }
    }
    Ok(unique)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_default_is_the_users_languages_that_have_a_dictionary() {
        let installed = list(&["ar", "de_DE", "en_GB", "en_US", "ru_RU"]);
        assert_eq!(automatic(&installed, &list(&["ru-RU", "en-US", "zh-CN"])), list(&["ru_RU", "en_US"]));
        assert_eq!(automatic(&installed, &list(&["en-AU", "ar-EG", "en"])), list(&["en_GB", "ar"]));
        assert_eq!(automatic(&installed, &list(&["zh-Hans"])), Vec::<String>::new(), "no Chinese dictionary: nothing checked");
    }

    #[test]
    fn a_pick_must_be_installed_and_short() {
        let installed = list(&["en_US", "ru_RU"]);
        assert_eq!(checked(list(&["ru_RU", "en_US"]), Some(&installed)), Ok(list(&["ru_RU", "en_US"])));
        assert_eq!(checked(list(&["de_DE"]), Some(&installed)).unwrap_err().code, "spelling.not_installed");
        assert_eq!(checked(vec!["x".into(); 7], None).unwrap_err().code, "spelling.too_many");
        assert_eq!(checked(vec!["en US; rm".into()], None).unwrap_err().code, "spelling.not_installed", "only dictionary names");
        assert_eq!(checked(vec![], Some(&installed)), Ok(vec![]), "none: spelling is not checked");
    }
}
