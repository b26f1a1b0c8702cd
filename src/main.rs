fn main() {
    // A panic is a bug: say so in the console rather than fail silently.
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(kosovo_briefing::app::App);
}
