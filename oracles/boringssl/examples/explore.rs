use sslsession_oracle_boringssl::{bssl, mutate, recorded, hex};
fn main() {
    let all = recorded().unwrap();
    let name = std::env::args().nth(1).unwrap_or("tls13-ticket-client".into());
    let r = all.iter().find(|r| r.name == name).unwrap();
    for (label, b) in mutate::cases(&r.der) {
        if label.starts_with("truncate") || label.starts_with("flip") { continue; }
        let fb = bssl::from_bytes(&b);
        let d = bssl::d2i(&b);
        let rt = fb.as_ref().and_then(|s| s.to_bytes()).map(|o| if o == b { "same".to_string() } else { format!("differs({})", o.len()) });
        println!("{label:50} from_bytes={} d2i={} reencode={:?}", fb.is_some(), d.map(|x| x.1).map_or("refused".into(), |c| c.to_string()), rt);
        let _ = hex;
    }
}
