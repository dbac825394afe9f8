fn main() { switchboard::run() }
