//! Where things go on a slide. One unit everywhere: slide pixels at 144 dpi (a 16:9 slide is
//! 1920×1080), which are exactly 6350 EMU each, so the size a panel is rendered at (its slot, in
//! CSS pixels, times the scale) and the size its picture is placed at agree to the pixel: nothing
//! is resampled by the deck.

use serde::{Deserialize, Serialize};

/// EMU (the Office unit) per slide pixel: 914400 EMU per inch / 144 px per inch.
pub const EMU_PER_PX: i64 = 6350;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SlideSize {
    /// 13.333 × 7.5 in, PowerPoint's default.
    #[default]
    #[serde(rename = "16:9")]
    Wide,
    /// 10 × 7.5 in.
    #[serde(rename = "4:3")]
    Standard,
}

impl SlideSize {
    pub fn px(self) -> (u32, u32) {
        match self {
            SlideSize::Wide => (1920, 1080),
            SlideSize::Standard => (1440, 1080),
        }
    }

    pub fn parse(s: &str) -> Option<SlideSize> {
        match s.trim() {
            "16:9" | "16x9" | "wide" => Some(SlideSize::Wide),
            "4:3" | "4x3" | "standard" => Some(SlideSize::Standard),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SlideSize::Wide => "16:9",
            SlideSize::Standard => "4:3",
        }
    }
}

/// A rectangle in slide pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

impl Rect {
    pub fn emu(self) -> (i64, i64, i64, i64) {
        let e = |v: u32| i64::from(v) * EMU_PER_PX;
        (e(self.x), e(self.y), e(self.w), e(self.h))
    }
}

/// Panels per slide: 1, 2 side by side, or 4 in a 2×2 grid.
pub fn check_layout(per_slide: u8) -> Result<u8, String> {
    match per_slide {
        1 | 2 | 4 => Ok(per_slide),
        n => Err(format!(
            "{n} panels per slide is not a layout; use 1, 2 or 4"
        )),
    }
}

const MARGIN: u32 = 48;
const GAP: u32 = 24;
const TITLE_TOP: u32 = 36;
const TITLE_H: u32 = 84;
const CAPTION_H: u32 = 36;
const BOTTOM: u32 = 24;
/// A panel's own title above its picture when a slide holds several (16 pt at 144 dpi is 32 px
/// of text).
const LABEL_H: u32 = 44;

/// The slide's parts: title, caption and the panel slots, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub slide: (u32, u32),
    pub title: Option<Rect>,
    pub caption: Rect,
    pub slots: Vec<Rect>,
    /// Above each slot, its panel's title, when a slide holds several panels and titles are on
    /// (one panel's title is the slide's title).
    pub labels: Vec<Rect>,
}

pub fn frame(size: SlideSize, per_slide: u8, titles: bool) -> Frame {
    let (w, h) = size.px();
    let caption = Rect {
        x: MARGIN,
        y: h - BOTTOM - CAPTION_H,
        w: w - 2 * MARGIN,
        h: CAPTION_H,
    };
    let title = titles.then_some(Rect {
        x: MARGIN,
        y: TITLE_TOP,
        w: w - 2 * MARGIN,
        h: TITLE_H,
    });
    let top = if titles {
        TITLE_TOP + TITLE_H + GAP / 2
    } else {
        MARGIN
    };
    let bottom = caption.y - GAP / 2;
    let area = Rect {
        x: MARGIN,
        y: top,
        w: w - 2 * MARGIN,
        h: bottom - top,
    };
    let (cols, rows) = match per_slide {
        2 => (2, 1),
        4 => (2, 2),
        _ => (1, 1),
    };
    let sw = (area.w - GAP * (cols - 1)) / cols;
    let sh = (area.h - GAP * (rows - 1)) / rows;
    let label_h = if titles && per_slide > 1 { LABEL_H } else { 0 };
    let cells: Vec<Rect> = (0..rows)
        .flat_map(|r| (0..cols).map(move |c| (r, c)))
        .map(|(r, c)| Rect {
            x: area.x + c * (sw + GAP),
            y: area.y + r * (sh + GAP),
            w: sw,
            h: sh,
        })
        .collect();
    let labels = if label_h > 0 {
        cells.iter().map(|c| Rect { h: label_h, ..*c }).collect()
    } else {
        Vec::new()
    };
    let slots = cells
        .iter()
        .map(|c| Rect {
            y: c.y + label_h,
            h: c.h - label_h,
            ..*c
        })
        .collect();
    Frame {
        slide: (w, h),
        title,
        caption,
        slots,
        labels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slides_are_whole_emu() {
        assert_eq!(i64::from(SlideSize::Wide.px().0) * EMU_PER_PX, 12_192_000);
        assert_eq!(i64::from(SlideSize::Wide.px().1) * EMU_PER_PX, 6_858_000);
        assert_eq!(
            i64::from(SlideSize::Standard.px().0) * EMU_PER_PX,
            9_144_000
        );
    }

    #[test]
    fn slots_tile_the_area_inside_the_margins_without_overlap() {
        for size in [SlideSize::Wide, SlideSize::Standard] {
            for per in [1u8, 2, 4] {
                for titles in [true, false] {
                    let f = frame(size, per, titles);
                    assert_eq!(f.slots.len(), per as usize);
                    let (w, h) = f.slide;
                    for (i, a) in f.slots.iter().enumerate() {
                        assert!(a.x >= MARGIN && a.x + a.w <= w - MARGIN, "{a:?}");
                        assert!(a.y + a.h < f.caption.y, "{a:?} reaches the caption");
                        if let Some(t) = f.title {
                            assert!(a.y > t.y + t.h, "{a:?} under the title");
                        }
                        assert!(a.y + a.h <= h);
                        for b in &f.slots[i + 1..] {
                            let apart = a.x + a.w <= b.x
                                || b.x + b.w <= a.x
                                || a.y + a.h <= b.y
                                || b.y + b.h <= a.y;
                            assert!(apart, "{a:?} overlaps {b:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn two_side_by_side_and_four_in_a_grid() {
        let two = frame(SlideSize::Wide, 2, true);
        assert_eq!(two.slots[0].y, two.slots[1].y);
        assert_eq!(two.slots[0].w, two.slots[1].w);
        let four = frame(SlideSize::Wide, 4, true);
        assert_eq!(four.slots[0].x, four.slots[2].x);
        assert_eq!(four.slots[0].y, four.slots[1].y);
        // Without titles the panels get the room.
        assert!(
            frame(SlideSize::Wide, 1, false).slots[0].h
                > frame(SlideSize::Wide, 1, true).slots[0].h
        );
        assert!(check_layout(3).is_err());
    }

    #[test]
    fn several_panels_each_get_their_title_just_above_their_picture() {
        for per in [2u8, 4] {
            let f = frame(SlideSize::Wide, per, true);
            assert_eq!(f.labels.len(), per as usize);
            for (label, slot) in f.labels.iter().zip(&f.slots) {
                assert_eq!((label.x, label.w), (slot.x, slot.w));
                assert_eq!(label.y + label.h, slot.y, "the label sits on its picture");
            }
            assert!(frame(SlideSize::Wide, per, false).labels.is_empty());
        }
        // One panel's title is the slide's title.
        assert!(frame(SlideSize::Wide, 1, true).labels.is_empty());
    }
}
