//! Where the panes are for a terminal size: drawing uses it to place them and
//! the update uses it to size pages and to route mouse clicks.

use ratatui::layout::Rect;

use super::action::Pane;

/// Below this the reader shows a "terminal too small" message instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

/// Rows of the article pane above its text: the title (on two rows when it is
/// too long for one and the pane has room), the date and the passage position,
/// and a rule when there is room for it.
pub fn article_header(inner_height: u16, long_title: bool) -> u16 {
    article_title_rows(inner_height, long_title) + if inner_height >= 12 { 2 } else { 1 }
}

/// Rows the article's title takes at the top of the pane.
pub fn article_title_rows(inner_height: u16, long_title: bool) -> u16 {
    if long_title && inner_height >= 16 {
        2
    } else {
        1
    }
}

/// The screen, cut into its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub header: Rect,
    pub list: Rect,
    pub details: Rect,
    pub article: Rect,
    pub status: Rect,
}

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// The parts of the screen. Wide terminals get three columns; narrow ones put
/// the details above the article and give the focused one more room. Zoomed,
/// the focused pane has the whole space between the header and the status
/// line, and the others none.
pub fn areas(area: Rect, focus: Pane, zoomed: bool, picture: bool) -> Areas {
    let mut a = if picture {
        picture_panes(area, focus)
    } else {
        panes(area, focus)
    };
    if zoomed {
        let body = Rect {
            y: area.y.saturating_add(1),
            height: area.height.saturating_sub(2),
            ..area
        };
        let none = Rect {
            width: 0,
            height: 0,
            ..body
        };
        a.list = none;
        a.details = none;
        a.article = none;
        match focus {
            Pane::List => a.list = body,
            Pane::Details => a.details = body,
            Pane::Article => a.article = body,
        }
    }
    a
}

fn panes(area: Rect, focus: Pane) -> Areas {
    let header = Rect { height: 1, ..area };
    let status = Rect {
        y: area.bottom().saturating_sub(1),
        height: 1,
        ..area
    };
    let body = Rect {
        y: area.y.saturating_add(1),
        height: area.height.saturating_sub(2),
        ..area
    };
    let w = body.width;
    if w >= 100 {
        let list_w = (w * 34 / 100).clamp(30, 52);
        let details_w = (w * 30 / 100).clamp(30, 60);
        let article_w = w.saturating_sub(list_w + details_w);
        Areas {
            header,
            list: Rect {
                width: list_w,
                ..body
            },
            details: Rect {
                x: body.x + list_w,
                width: details_w,
                ..body
            },
            article: Rect {
                x: body.x + list_w + details_w,
                width: article_w,
                ..body
            },
            status,
        }
    } else {
        let list_w = (w * 40 / 100).clamp(24.min(w), 40);
        let right = Rect {
            x: body.x + list_w,
            width: w.saturating_sub(list_w),
            ..body
        };
        let share = if focus == Pane::Article { 35 } else { 55 };
        let details_h = (u32::from(right.height) * share / 100) as u16;
        Areas {
            header,
            list: Rect {
                width: list_w,
                ..body
            },
            details: Rect {
                height: details_h,
                ..right
            },
            article: Rect {
                y: right.y + details_h,
                height: right.height.saturating_sub(details_h),
                ..right
            },
            status,
        }
    }
}

/// The parts of the screen while the timeline is a picture: the picture
/// across the whole width on top, where its date axis has room; under it the
/// details and the article side by side on a wide terminal, or, on a narrow
/// one, the details (or the article, when it has the focus).
fn picture_panes(area: Rect, focus: Pane) -> Areas {
    let mut a = panes(area, focus);
    let body = Rect {
        y: area.y.saturating_add(1),
        height: area.height.saturating_sub(2),
        ..area
    };
    let top_h = (u32::from(body.height) * 58 / 100) as u16;
    a.list = Rect {
        height: top_h,
        ..body
    };
    let bottom = Rect {
        y: body.y + top_h,
        height: body.height.saturating_sub(top_h),
        ..body
    };
    let none = Rect {
        width: 0,
        height: 0,
        ..bottom
    };
    if body.width >= 100 {
        let details_w = (u32::from(bottom.width) * 45 / 100) as u16;
        a.details = Rect {
            width: details_w,
            ..bottom
        };
        a.article = Rect {
            x: bottom.x + details_w,
            width: bottom.width.saturating_sub(details_w),
            ..bottom
        };
    } else if focus == Pane::Article {
        a.details = none;
        a.article = bottom;
    } else {
        a.details = bottom;
        a.article = none;
    }
    a
}

/// Inside a pane's border.
pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

/// The widest an article's text is set: lines much longer than this are
/// hard to follow from one to the next, so on a wide pane the text keeps
/// this measure, centred.
pub const MEASURE: u16 = 80;

/// The rows of the article pane that show its text, no wider than `MEASURE`.
pub fn article_body(article: Rect, long_title: bool) -> Rect {
    let i = inner(article);
    let header = article_header(i.height, long_title);
    let width = i.width.min(MEASURE);
    Rect {
        x: i.x + (i.width - width) / 2,
        y: i.y.saturating_add(header),
        width,
        height: i.height.saturating_sub(header),
    }
}

/// Below this width the search and go-to prompts take the whole width of
/// the screen, so their lists show titles and dates whole; from it they
/// are drawn over the left pane and the others preview the selection.
pub const PROMPT_WHOLE_WIDTH_BELOW: u16 = 100;

/// Where a search or go-to prompt is drawn: the whole space between the
/// top and bottom lines on a narrow screen (or when the left pane has no
/// room), else over the left pane.
pub fn prompt_area(screen: Rect, list: Rect) -> Rect {
    if screen.width < PROMPT_WHOLE_WIDTH_BELOW || list.width < 20 || list.height < 5 {
        Rect {
            y: screen.y.saturating_add(1),
            height: screen.height.saturating_sub(2),
            ..screen
        }
    } else {
        list
    }
}

/// The list of a search or go-to prompt drawn over the left pane: inside
/// its border, below the query line and a rule.
pub fn prompt_list(list: Rect) -> Rect {
    let i = inner(list);
    Rect {
        y: i.y.saturating_add(2),
        height: i.height.saturating_sub(2),
        ..i
    }
}

/// Whether a cell is inside a rectangle.
pub fn contains(r: Rect, column: u16, row: u16) -> bool {
    column >= r.x && column < r.right() && row >= r.y && row < r.bottom()
}

/// Rows of text an overlay box (help, problems) shows at most, on a screen
/// of this size: the box keeps a row free above and below, and has a border.
pub fn overlay_rows(screen: Rect) -> usize {
    usize::from(screen.height.saturating_sub(4))
}

/// An overlay box of `w` by `h` (border included) centred on the screen,
/// no larger than the screen leaves room for.
pub fn overlay_box(screen: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(screen.width.saturating_sub(2));
    let h = h.min(screen.height.saturating_sub(2));
    Rect {
        x: screen.x + (screen.width - w) / 2,
        y: screen.y + (screen.height - h) / 2,
        width: w,
        height: h,
    }
}

/// One step among links laid out as `(first row, rows)`, with `h` rows in
/// view from `scroll`, and `sel` the selected link when it still shows: the
/// next link (`forward`) that starts at or below the top of the view, or the
/// previous one that ends at or above its bottom, with its index.
pub fn link_step(
    spans: impl DoubleEndedIterator<Item = (usize, usize)> + ExactSizeIterator,
    sel: Option<usize>,
    (scroll, h): (usize, usize),
    forward: bool,
) -> Option<(usize, (usize, usize))> {
    let mut spans = spans.enumerate();
    if forward {
        spans.find(|&(i, (first, _))| sel.is_none_or(|s| i > s) && first >= scroll)
    } else {
        spans
            .rev()
            .find(|&(i, (first, rows))| sel.is_none_or(|s| i < s) && first + rows <= scroll + h)
    }
}
