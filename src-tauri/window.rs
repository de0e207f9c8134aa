//! The desktop window: opens the register, hands the `Office` to the commands, starts Tauri.

use crate::office::Office;

pub fn run_window(office: Office) {
    let result = tauri::Builder::default()
        .manage(office)
        .invoke_handler(tauri::generate_handler![
            crate::commands::app_info,
            crate::commands::set_operator,
            crate::commands::set_language,
            crate::commands::people_list,
            crate::commands::units_list,
            crate::commands::person_get,
            crate::commands::person_add,
            crate::commands::person_update,
            crate::commands::person_set_level,
            crate::commands::person_archive,
            crate::commands::person_unarchive,
            crate::commands::person_reveal_id,
            crate::commands::audit_list,
            crate::commands::audit_verify,
            crate::commands::sample_load,
            crate::commands::forms::form_issue,
            crate::commands::forms::form_preview,
            crate::commands::forms::form_save,
            crate::commands::forms::forms_list,
            crate::commands::forms::form_verify,
            crate::commands::forms::form_received,
            crate::commands::forms::form_batch,
            crate::commands::forms::form_register_list,
            crate::commands::lifecycle::lifecycle_get,
            crate::commands::lifecycle::lifecycle_record_step,
            crate::commands::lifecycle::lifecycle_advance,
            crate::commands::lifecycle::lifecycle_set_items,
            crate::commands::lifecycle::lifecycle_add_event,
            crate::commands::lifecycle::training_add,
            crate::commands::lifecycle::policy_info,
            crate::commands::lifecycle::policy_select,
            crate::commands::lifecycle::policy_load_file,
            crate::commands::travel::trips_list,
            crate::commands::travel::trip_get,
            crate::commands::travel::trip_request,
            crate::commands::travel::trip_act,
            crate::commands::travel::documents_list,
            crate::commands::travel::document_add,
            crate::commands::travel::document_move,
            crate::commands::travel::document_checkout,
            crate::commands::travel::person_travel,
            crate::commands::travel::countries_list,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Clearance Tracker could not start its window: {e}");
        std::process::exit(1);
    }
}
