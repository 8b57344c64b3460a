//! Previewing on a phone: the machine's address on the local network and a
//! QR code for it, drawn in the terminal.

use std::net::{IpAddr, Ipv4Addr, UdpSocket};

/// This machine's address on the local network, if it has one. Connecting a
/// UDP socket sends nothing; it only asks the system which interface it
/// would use.
pub fn lan_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    socket.connect((Ipv4Addr::new(10, 255, 255, 255), 1)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// A QR code for `text`, drawn with Unicode half blocks (two rows per line).
pub fn terminal_qr(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::unicode::Dense1x2>()
            .dark_color(qrcode::render::unicode::Dense1x2::Light)
            .light_color(qrcode::render::unicode::Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terminal_qr_code_is_drawn_with_half_blocks() {
        let qr = terminal_qr("http://192.168.1.20:1111/kynangso/").unwrap();
        let lines: Vec<&str> = qr.lines().collect();
        assert!(lines.len() > 10);
        assert!(lines
            .iter()
            .all(|l| l.chars().count() == lines[0].chars().count()));
        assert!(qr.contains('▀') || qr.contains('▄'));
    }
}
