//! Writes sample charts to the directory given (for a look in a browser).

use pitwall_charts::{Bar, BarChart, LineChart, Series, XFormat};

fn main() -> std::io::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let start = 1_764_500_000.0_f64 - 1_764_500_000.0 % 60.0;
    let wave = |k: f64| {
        (0..60)
            .map(move |i| {
                (
                    start + i as f64 * 60.0,
                    (k * (i as f64 / 5.0).sin()).abs() * 10.0 + k,
                )
            })
            .collect()
    };
    let line = LineChart {
        title: "Requests per minute by source".into(),
        x_label: "minute (UTC)".into(),
        y_label: "answers per minute".into(),
        x_format: XFormat::Time,
        series: vec![
            Series {
                name: "local".into(),
                points: wave(3.0),
            },
            Series {
                name: "cache".into(),
                points: wave(1.0),
            },
            Series {
                name: "llm".into(),
                points: wave(2.0),
            },
            Series {
                name: "fallback".into(),
                points: wave(0.5),
            },
        ],
        reference: Some(("SLO".into(), 22.0)),
        y_inverted: false,
    };
    std::fs::write(format!("{dir}/line.svg"), line.to_svg())?;
    let bars = BarChart {
        title: "Top principals by cost (24 h)".into(),
        value_label: "USD".into(),
        bars: vec![
            Bar {
                label: "user:0194f1c2-aaaa-bbbb-cccc-1234567890ab".into(),
                value: 1.25,
            },
            Bar {
                label: "ip:127.0.0.0/24".into(),
                value: 0.4,
            },
            Bar {
                label: "admin:bootstrap".into(),
                value: 0.01,
            },
        ],
    };
    std::fs::write(format!("{dir}/bars.svg"), bars.to_svg())?;
    std::fs::write(
        format!("{dir}/empty.svg"),
        LineChart {
            title: "Cache hit ratio".into(),
            ..Default::default()
        }
        .to_svg(),
    )
}
