//! Stock differencing on whole tables: the two variants of [`crate::measures::flows`] on the
//! [`Matrix`] type of this module, for side-by-side comparison with demographic accounting.
//!
//! Stock differencing reads the change of the stock born in i living in j as a flow from i to j.
//! It is a rough lower-bound proxy: it misses everyone who moved and died or moved on within the
//! period, and reads deaths of migrants as outflows (Abel & Cohen 2019 compare it, as "stock
//! differencing", with the demographic-accounting methods and find it weaker).

use super::{EstimateError, Matrix};
use crate::measures::flows::{flow_return, flow_zero, Variant};

/// Flows from bilateral stock differences, persons over the period: flow from `i` to `j` =
/// the formula of [`flow_zero`] (negative differences dropped) or of [`flow_return`]
/// (negative differences of the reverse pair read as returns) applied to `start[i][j]` and
/// `end[i][j]` (rows = place of birth, columns = residence). The diagonal (natives) is left at
/// zero: it is not a migrant stock.
pub fn stock_difference(
    start: &Matrix,
    end: &Matrix,
    variant: Variant,
) -> Result<Matrix, EstimateError> {
    let n = start.size();
    if end.size() != n {
        return Err(EstimateError::Dimension {
            what: "the end stock table (rows)",
            expected: n,
            found: end.size(),
        });
    }
    start.check_counts("the start stock table")?;
    end.check_counts("the end stock table")?;
    let mut flows = Matrix::zeros(n);
    for i in 0..n {
        for j in (0..n).filter(|&j| j != i) {
            let value = match variant {
                Variant::Zero => flow_zero(start.get(i, j), end.get(i, j)),
                Variant::Return => flow_return(
                    end.get(i, j) - start.get(i, j),
                    end.get(j, i) - start.get(j, i),
                ),
            };
            flows.set(i, j, value);
        }
    }
    Ok(flows)
}
