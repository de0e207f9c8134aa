//! The window's photo commands: a person's photograph shown, set from a file the person chose in
//! the dialog or dropped on the page, and removed.

use std::path::PathBuf;

use clearance_domain::person::PersonId;
use tauri::State;

use super::{reply, Reply};
use crate::office::{Office, PhotoView};

/// The person's photograph (`null`: none).
#[tauri::command]
pub async fn person_photo_get(office: State<'_, Office>, id: PersonId) -> Reply<Option<PhotoView>> {
    reply(&office, office.person_photo(id).await).await
}

/// Sets or replaces the person's photograph from the picture at `path` (a JPEG or PNG file).
#[tauri::command]
pub async fn person_photo_set(office: State<'_, Office>, id: PersonId, path: String) -> Reply<PhotoView> {
    reply(&office, office.set_photo(id, &PathBuf::from(path.trim())).await).await
}

/// Removes the person's photograph.
#[tauri::command]
pub async fn person_photo_remove(office: State<'_, Office>, id: PersonId) -> Reply<()> {
    reply(&office, office.remove_photo(id).await).await
}
