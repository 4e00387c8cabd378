//! Renders one label from a JSON file: `cargo run -p vaultpick-labels --example render_one -- TEMPLATE PROFILE STOCK DPI DATA.json OUT.pdf`
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().collect();
    let [_, template, profile, stock, dpi, data, out] = a.as_slice() else {
        return Err("usage: render_one TEMPLATE PROFILE STOCK DPI DATA.json OUT.pdf".into());
    };
    let settings = vaultpick_labels::RenderSettings {
        profile: profile.clone(),
        stock: stock.clone(),
        dpi: vaultpick_labels::Dpi::try_from(dpi.parse::<u32>()?)?,
        draft: std::env::var_os("DRAFT").is_some(),
    };
    let label = vaultpick_labels::render_json(template.parse()?, &std::fs::read(data)?, &settings)?;
    std::fs::write(out, &label.pdf)?;
    eprintln!("{}", serde_json::to_string_pretty(&label)?);
    Ok(())
}
