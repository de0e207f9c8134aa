//! People's photographs (`person_photo`): one a person, stored as the encoded image the forms
//! print, replaced or removed whole in the caller's transaction.

use chrono::{DateTime, Utc};
use clearance_domain::audit::instant_text;
use clearance_domain::person::PersonId;

use super::db::query;
use super::{Result, Store, StoreError, Tx};

/// A stored photograph: the image as printed and what the audit trail names it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPhoto {
    pub person_id: PersonId,
    /// The encoded image.
    pub image: Vec<u8>,
    /// `jpeg` or `png`.
    pub format: String,
    pub width: u32,
    pub height: u32,
    /// Lowercase hex SHA-256 of `image`.
    pub sha256: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct PhotoRow {
    person_id: i64,
    image: Vec<u8>,
    format: String,
    width: i64,
    height: i64,
    sha256: String,
    updated_at: String,
}

impl TryFrom<PhotoRow> for StoredPhoto {
    type Error = StoreError;

    fn try_from(r: PhotoRow) -> Result<Self> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("photo of person {}: {what}", r.person_id));
        let updated_at = DateTime::parse_from_rfc3339(&r.updated_at).map_err(|_| corrupt("time"))?.with_timezone(&Utc);
        Ok(StoredPhoto {
            person_id: PersonId::from_stored(r.person_id),
            width: u32::try_from(r.width).map_err(|_| corrupt("width"))?,
            height: u32::try_from(r.height).map_err(|_| corrupt("height"))?,
            image: r.image,
            format: r.format,
            sha256: r.sha256,
            updated_at,
        })
    }
}

const PHOTO_COLUMNS: &str = "SELECT person_id, image, format, width, height, sha256, updated_at FROM person_photo";

impl Store {
    /// The person's photograph, if they have one.
    pub async fn photo(&self, id: PersonId) -> Result<Option<StoredPhoto>> {
        let row: Option<PhotoRow> = self.db.fetch_optional(query(format!("{PHOTO_COLUMNS} WHERE person_id = ?")).bind(id.get())).await?;
        row.map(StoredPhoto::try_from).transpose()
    }
}

impl Tx {
    /// The person's photograph, read inside the transaction that is about to change it.
    pub async fn photo(&mut self, id: PersonId) -> Result<Option<StoredPhoto>> {
        let row: Option<PhotoRow> =
            self.conn().fetch_optional(query(format!("{PHOTO_COLUMNS} WHERE person_id = ?")).bind(id.get())).await?;
        row.map(StoredPhoto::try_from).transpose()
    }

    /// Sets or replaces the person's photograph.
    pub async fn set_photo(&mut self, photo: &StoredPhoto) -> Result<()> {
        self.conn()
            .execute(
                query(
                    "INSERT INTO person_photo (person_id, image, format, width, height, sha256, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (person_id) DO UPDATE SET image = excluded.image, format = excluded.format, width = excluded.width, \
             height = excluded.height, sha256 = excluded.sha256, updated_at = excluded.updated_at",
                )
                .bind(photo.person_id.get())
                .bind(&photo.image)
                .bind(&photo.format)
                .bind(i64::from(photo.width))
                .bind(i64::from(photo.height))
                .bind(&photo.sha256)
                .bind(instant_text(photo.updated_at)),
            )
            .await?;
        Ok(())
    }

    /// Removes the person's photograph; `false` when they had none.
    pub async fn remove_photo(&mut self, id: PersonId) -> Result<bool> {
        let done = self.conn().execute(query("DELETE FROM person_photo WHERE person_id = ?").bind(id.get())).await?;
        Ok(done.rows_affected > 0)
    }
}
