//! The window's travel commands: trips, the custody register and the person page's travel panel,
//! one `Office` operation each.

use chrono::NaiveDate;
use clearance_domain::person::PersonId;
use clearance_domain::travel::countries::Country;
use clearance_domain::travel::document::{DocumentId, DocumentInput, DocumentStatus, EarlyCheckout, TravelDocument};
use clearance_domain::travel::{TripId, TripInput, TripState};
use tauri::State;

use super::{reply, Reply};
use crate::office::{DocumentAction, DocumentEntry, Movement, Office, PersonTravel, TripAction, TripSummary, TripView};

#[tauri::command]
pub async fn trips_list(office: State<'_, Office>, state: Option<TripState>) -> Reply<Vec<TripSummary>> {
    reply(&office, office.trips(state, None).await).await
}

#[tauri::command]
pub async fn trip_get(office: State<'_, Office>, id: TripId) -> Reply<TripView> {
    reply(&office, office.trip_view(id).await).await
}

#[tauri::command]
pub async fn trip_request(office: State<'_, Office>, person: PersonId, input: TripInput, requested: NaiveDate) -> Reply<TripView> {
    reply(&office, office.request_trip(person, &input, requested).await).await
}

#[tauri::command]
pub async fn trip_act(office: State<'_, Office>, id: TripId, action: TripAction, version: Option<i64>) -> Reply<TripView> {
    reply(&office, office.act_on_trip_at(id, &action, version).await).await
}

#[tauri::command]
pub async fn documents_list(office: State<'_, Office>, status: Option<DocumentStatus>) -> Reply<Vec<DocumentEntry>> {
    reply(&office, office.documents(status).await).await
}

/// Registers a document; with a location it is handed in at once, by `counterpart`.
#[tauri::command]
pub async fn document_add(
    office: State<'_, Office>,
    person: PersonId,
    input: DocumentInput,
    registered: NaiveDate,
    location: Option<String>,
    counterpart: String,
) -> Reply<TravelDocument> {
    let hand_in = location.as_deref().filter(|l| !l.trim().is_empty()).map(|l| (l, counterpart.as_str()));
    reply(&office, office.add_document(person, &input, registered, hand_in).await).await
}

#[tauri::command]
pub async fn document_move(office: State<'_, Office>, id: DocumentId, action: DocumentAction, movement: Movement) -> Reply<TravelDocument> {
    reply(&office, office.move_document(id, &action, &movement).await).await
}

/// Checks a document out for a trip; `early` (the reason and the approver) only when the day is
/// before the policy's lead time.
#[tauri::command]
pub async fn document_checkout(
    office: State<'_, Office>,
    id: DocumentId,
    trip: TripId,
    movement: Movement,
    early: Option<EarlyCheckout>,
) -> Reply<TripView> {
    reply(&office, office.check_out_document_early(id, trip, &movement, early.as_ref()).await).await
}

#[tauri::command]
pub async fn person_travel(office: State<'_, Office>, id: PersonId) -> Reply<PersonTravel> {
    reply(&office, office.person_travel(id).await).await
}

#[tauri::command]
pub async fn countries_list(office: State<'_, Office>) -> Reply<Vec<Country>> {
    Ok(office.countries())
}
