use clap::{Args, Subcommand};

use super::CmdResult;
use super::look::LookArgs;
use super::output::{json, table};
use panelshot_core::service::{Core, ServiceError};
use panelshot_core::store::Preset;

#[derive(Debug, Subcommand)]
pub enum PresetCmd {
    /// Built-in and saved presets.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Save (or replace) a preset.
    Save(SaveArgs),
    /// Delete a saved preset.
    Delete { name: String },
    /// Rename a saved preset.
    Rename { old: String, new: String },
    /// Make a preset the default for exports that name none.
    Default { name: String },
}

#[derive(Debug, Args)]
pub struct SaveArgs {
    name: String,
    /// Start from this preset (duplicate it) before applying the other flags.
    #[arg(long)]
    from_preset: Option<String>,
    #[command(flatten)]
    look: LookArgs,
    /// Also make it the default preset.
    #[arg(long)]
    default: bool,
}

fn build(core: &Core, a: SaveArgs) -> Result<Preset, ServiceError> {
    let mut p = match &a.from_preset {
        Some(src) => core.preset(src)?,
        None => Preset::new(
            "",
            panelshot_core::service::DEFAULT_WIDTH,
            panelshot_core::service::DEFAULT_HEIGHT,
        ),
    };
    p.name = a.name.trim().to_string();
    p.builtin = false;
    a.look.patch().apply_to_preset(&mut p);
    Ok(p)
}

pub async fn run(core: &Core, cmd: PresetCmd) -> CmdResult {
    match cmd {
        PresetCmd::List { json: true } => json(&core.presets()?),
        PresetCmd::List { json: false } => {
            let rows: Vec<Vec<String>> = core
                .presets()?
                .into_iter()
                .map(|p| {
                    let mut notes = Vec::new();
                    if p.builtin {
                        notes.push("built-in");
                    }
                    if p.is_default {
                        notes.push("default");
                    }
                    vec![
                        p.name,
                        format!("{}×{} @{}x", p.width, p.height, p.scale),
                        p.theme.as_str().into(),
                        p.zoom
                            .map(|z| format!("{:.0}%", z * 100.0))
                            .unwrap_or_else(|| "auto".into()),
                        match (p.time_from, p.time_to) {
                            (Some(f), Some(t)) => format!("{f} → {t}"),
                            (Some(f), None) => format!("{f} → now"),
                            _ => "dashboard's".into(),
                        },
                        p.timezone.unwrap_or_else(|| "dashboard's".into()),
                        p.format.extension().into(),
                        notes.join(", "),
                    ]
                })
                .collect();
            table(
                &[
                    "NAME",
                    "SIZE",
                    "THEME",
                    "TEXT",
                    "TIME RANGE",
                    "TIME ZONE",
                    "FORMAT",
                    "",
                ],
                &rows,
            );
            Ok(())
        }
        PresetCmd::Save(a) => {
            let make_default = a.default;
            let p = build(core, a)?;
            core.save_preset(&p)?;
            if make_default {
                core.set_default_preset(Some(&p.name))?;
            }
            out!(
                "Saved preset {:?} ({}×{} @{}x, {})",
                p.name,
                p.width,
                p.height,
                p.scale,
                p.format.extension()
            );
            Ok(())
        }
        PresetCmd::Delete { name } => {
            core.delete_preset(&name)?;
            out!("Deleted preset {name:?}");
            Ok(())
        }
        PresetCmd::Rename { old, new } => {
            core.rename_preset(&old, &new)?;
            out!("Renamed preset {old:?} to {new:?}");
            Ok(())
        }
        PresetCmd::Default { name } => {
            core.set_default_preset(Some(&name))?;
            out!("{name:?} is now the default preset");
            Ok(())
        }
    }
}
