fn main() {
    // A panic is a bug: say so in the console. Not in scripts/build.sh's
    // release build, whose panics abort at once (panic = "immediate-abort"),
    // before any hook could run.
    #[cfg(any(panic = "unwind", panic = "abort"))]
    console_error_panic_hook::set_once();
    kosovo_briefing::app::start();
}
