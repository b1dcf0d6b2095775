//! Zoom and pan over the cluster drawing. The camera is a zoom and a centre relative to
//! the fit box (the whole drawing, shaped to the stage), so "fit" is a value and the
//! drawing keeps fitting while the cluster changes until someone zooms or drags.

use super::stage::Rect;

const MIN_ZOOM: f64 = 0.5;
const MAX_ZOOM: f64 = 16.0;
/// A press that moves less than this is a click, not a drag.
pub const DRAG_PX: f64 = 6.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    pub zoom: f64,
    /// The drawing's point at the stage's centre; `None` for the fit box's centre.
    pub center: Option<(f64, f64)>,
}

impl Camera {
    pub const FIT: Camera = Camera { zoom: 1.0, center: None };

    pub fn is_fit(self) -> bool {
        self == Camera::FIT
    }

    /// What part of the drawing is on the stage.
    pub fn view(self, fit: Rect) -> Rect {
        let (w, h) = (fit.w / self.zoom, fit.h / self.zoom);
        let (cx, cy) = self.center.unwrap_or((fit.x + fit.w / 2.0, fit.y + fit.h / 2.0));
        Rect { x: cx - w / 2.0, y: cy - h / 2.0, w, h }
    }

    pub fn view_box(self, fit: Rect) -> String {
        let v = self.view(fit);
        format!("{:.1} {:.1} {:.1} {:.1}", v.x, v.y, v.w, v.h)
    }

    /// Zoomed by `factor` about `at`, a point of the stage as fractions of its size, which
    /// stays where it is (under the pointer, or the centre for the buttons).
    pub fn zoomed(self, fit: Rect, factor: f64, at: (f64, f64)) -> Camera {
        let v = self.view(fit);
        let p = (v.x + at.0 * v.w, v.y + at.1 * v.h);
        let zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let (w, h) = (fit.w / zoom, fit.h / zoom);
        let (x, y) = (p.0 - at.0 * w, p.1 - at.1 * h);
        Camera { zoom, center: Some((x + w / 2.0, y + h / 2.0)) }
    }

    /// Moved with the pointer by `by`, fractions of the stage's size.
    pub fn panned(self, fit: Rect, by: (f64, f64)) -> Camera {
        let v = self.view(fit);
        Camera { zoom: self.zoom, center: Some((v.x + v.w / 2.0 - by.0 * v.w, v.y + v.h / 2.0 - by.1 * v.h)) }
    }
}

/// The whole drawing of `size` shaped to a stage of `stage` px, magnified at most
/// `max_scale`, centred above a strip of `bar` px left free for the controls.
pub fn fit_box(size: (f64, f64), stage: (f64, f64), max_scale: f64, bar: f64) -> Rect {
    let above = (stage.1 - bar).max(stage.1 / 2.0);
    let scale = (stage.0 / size.0).min(above / size.1).min(max_scale).max(1e-3);
    let (w, h) = (stage.0 / scale, above / scale);
    Rect { x: (size.0 - w) / 2.0, y: (size.1 - h) / 2.0, w, h: stage.1 / scale }
}
