fn main() {
    // A panic is a bug: in debug builds, say so in the console. Release
    // builds abort at once (scripts/build.sh), so the hook would be dead code.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(kosovo_briefing::app::App);
}
