//! `person photo REF --file PATH` / `--remove`: a person's photograph from the command line.

use std::path::Path;

use serde_json::json;

use super::output::Printer;
use crate::error::AppResult;
use crate::office::Office;

pub async fn run(office: &Office, person: &str, file: Option<&Path>, remove: bool, json: bool, out: &Printer) -> AppResult<()> {
    let id = office.resolve_person(person).await?;
    match file {
        Some(path) if !remove => {
            let photo = office.set_photo(id, path).await?;
            let summary = json!({
                "person": id,
                "width": photo.width,
                "height": photo.height,
                "bytes": photo.bytes,
                "updated_at": photo.updated_at,
            });
            out.json_or(&summary, json, || {
                let mut params = std::collections::BTreeMap::new();
                params.insert("width".to_owned(), photo.width.to_string());
                params.insert("height".to_owned(), photo.height.to_string());
                params.insert("kb".to_owned(), photo.bytes.div_ceil(1024).to_string());
                clearance_domain::i18n::message("cli.photo_set", &params, out.lang)
            });
        }
        _ => {
            office.remove_photo(id).await?;
            out.json_or(&json!({ "person": id, "removed": true }), json, || out.text("cli.photo_removed"));
        }
    }
    Ok(())
}
