//! Command line: parses arguments and dispatches to the content layer or the reader.

fn main() {
    println!("dossier");
}
