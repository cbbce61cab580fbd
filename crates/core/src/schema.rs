//! The shared vocabulary of a profiled file: column types, roles, file kinds and the profile
//! of a column. Plain data, used by [`crate::ingest`] (which fills the profiles while reading),
//! [`crate::roles`] (which decides what each column means) and [`crate::import`] (which links
//! files), so that the dependencies run one way: ingest → roles → import.

use serde::{Deserialize, Serialize};

/// The type of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    Id,
    Integer,
    Number,
    Date,
    Boolean,
    Category,
    MultiValue,
    FreeText,
    /// Short text that is neither a category nor prose (names, addresses).
    Text,
    /// Every value is missing.
    Empty,
}

impl ColumnType {
    pub const ALL: [ColumnType; 10] = [
        ColumnType::Id,
        ColumnType::Integer,
        ColumnType::Number,
        ColumnType::Date,
        ColumnType::Boolean,
        ColumnType::Category,
        ColumnType::MultiValue,
        ColumnType::FreeText,
        ColumnType::Text,
        ColumnType::Empty,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ColumnType::Id => "id",
            ColumnType::Integer => "integer",
            ColumnType::Number => "number",
            ColumnType::Date => "date/time",
            ColumnType::Boolean => "boolean",
            ColumnType::Category => "category",
            ColumnType::MultiValue => "multi-value list",
            ColumnType::FreeText => "free text",
            ColumnType::Text => "text",
            ColumnType::Empty => "empty",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            ColumnType::Id => "id",
            ColumnType::Integer => "integer",
            ColumnType::Number => "number",
            ColumnType::Date => "date",
            ColumnType::Boolean => "boolean",
            ColumnType::Category => "category",
            ColumnType::MultiValue => "multi_value",
            ColumnType::FreeText => "free_text",
            ColumnType::Text => "text",
            ColumnType::Empty => "empty",
        }
    }

    pub fn from_key(key: &str) -> Option<ColumnType> {
        ColumnType::ALL.into_iter().find(|t| t.key() == key)
    }
}

/// Numeric summary of a column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NumericStats {
    pub min: f64,
    pub max: f64,
    /// The fifth smallest and fifth largest value, when there are ten or more: a range five
    /// values reach at each end, which a stored workspace shows in place of `min` and `max`
    /// ([`crate::workspace::Workspace::new`]). Always written: the worker's messages to the
    /// page (postcard) have no field names to skip one by.
    #[serde(default)]
    pub within: Option<(f64, f64)>,
    pub mean: f64,
    pub std_dev: f64,
    /// Median and quartiles from a reservoir sample of up to 2,048 values.
    pub p25: f64,
    pub median: f64,
    pub p75: f64,
    /// Equal-width bins from min to max (counts scaled from the sample).
    pub histogram: Vec<u64>,
}

/// Date range of a column, ISO 8601.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateStats {
    pub min: String,
    pub max: String,
    /// `ymd`, `dmy` or `mdy`: how the column's dates were read.
    pub order: String,
}

/// What the Data page and `persona profile` show for one column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnProfile {
    pub index: usize,
    pub name: String,
    pub column_type: ColumnType,
    /// Share of non-missing values that fit `column_type`.
    pub type_share: f64,
    pub role: Role,
    pub role_reason: String,
    pub count: u64,
    pub missing: u64,
    pub missing_share: f64,
    pub distinct: u64,
    /// True when `distinct` is a lower bound (more than [`DISTINCT_CAP`] values).
    pub distinct_capped: bool,
    pub examples: Vec<String>,
    /// Most frequent values (or list items for multi-value columns) with their counts.
    pub top_values: Vec<(String, u64)>,
    pub numeric: Option<NumericStats>,
    pub dates: Option<DateStats>,
    /// Share of values that were lists, for multi-value columns.
    pub list_share: f64,
    pub mean_length: f64,
}

impl ColumnProfile {
    /// Whether some value is on more than one row. Past the distinct values a profile keeps,
    /// the kept ones say it: their counts go on, so in a log the commonest customer has several
    /// rows, and in a large customers file one.
    pub fn values_repeat(&self) -> bool {
        if self.distinct_capped {
            self.top_values.first().is_some_and(|(_, n)| *n > 1)
        } else {
            self.distinct < self.count.saturating_sub(self.missing)
        }
    }
}

/// The recognised kind of a file, from its columns' roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Customers,
    Transactions,
    Events,
    Feedback,
    Unknown,
}

impl FileKind {
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Customers => "customers",
            FileKind::Transactions => "transactions",
            FileKind::Events => "events",
            FileKind::Feedback => "feedback",
            FileKind::Unknown => "unrecognised",
        }
    }
}

/// What a column is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    CustomerId,
    /// Age in years, a birth year or a birth date.
    Age,
    Gender,
    /// City, region, country or postcode.
    Location,
    Income,
    Occupation,
    Education,
    /// Marital status or household.
    Household,
    Interests,
    Values,
    Lifestyle,
    OrderId,
    OrderDate,
    OrderValue,
    Quantity,
    Discount,
    Channel,
    /// Product or product category.
    Product,
    EventTime,
    /// Event type or journey stage.
    EventType,
    Touchpoint,
    FeedbackText,
    /// NPS or a satisfaction score.
    Satisfaction,
    /// How long someone has been a customer: months, years or a signup date.
    Tenure,
    /// Churn or account status: active, cancelled, churned.
    Status,
    /// Plan, contract, subscription or tier.
    Plan,
    /// Money a customer spends or is charged, one figure per customer (not per order).
    Spend,
    /// The day of a customer's last order, one per customer (a shop's customers export).
    LastOrder,
    /// How many orders a customer has placed, one figure per customer.
    OrderCount,
    /// Any other number, yes/no or category: used like every other feature.
    Attribute,
    /// Not used (names, e-mails, technical columns).
    Ignored,
}

impl Role {
    /// Every role, in the order the role picker lists them.
    pub const ALL: [Role; 31] = [
        Role::CustomerId,
        Role::Age,
        Role::Gender,
        Role::Location,
        Role::Income,
        Role::Occupation,
        Role::Education,
        Role::Household,
        Role::Interests,
        Role::Values,
        Role::Lifestyle,
        Role::OrderId,
        Role::OrderDate,
        Role::OrderValue,
        Role::Quantity,
        Role::Discount,
        Role::Channel,
        Role::Product,
        Role::EventTime,
        Role::EventType,
        Role::Touchpoint,
        Role::FeedbackText,
        Role::Satisfaction,
        Role::Tenure,
        Role::Status,
        Role::Plan,
        Role::Spend,
        Role::LastOrder,
        Role::OrderCount,
        Role::Attribute,
        Role::Ignored,
    ];

    /// The label a user reads.
    pub fn label(self) -> &'static str {
        match self {
            Role::CustomerId => "Customer id",
            Role::Age => "Age / birth year",
            Role::Gender => "Gender",
            Role::Location => "Location",
            Role::Income => "Income",
            Role::Occupation => "Occupation",
            Role::Education => "Education",
            Role::Household => "Marital status / household",
            Role::Interests => "Interests",
            Role::Values => "Values",
            Role::Lifestyle => "Lifestyle",
            Role::OrderId => "Order id",
            Role::OrderDate => "Order date",
            Role::OrderValue => "Order value",
            Role::Quantity => "Quantity",
            Role::Discount => "Discount",
            Role::Channel => "Channel",
            Role::Product => "Product / category",
            Role::EventTime => "Event time",
            Role::EventType => "Event type / journey stage",
            Role::Touchpoint => "Touchpoint",
            Role::FeedbackText => "Feedback text",
            Role::Satisfaction => "NPS / satisfaction",
            Role::Tenure => "Tenure / customer since",
            Role::Status => "Status / churn",
            Role::Plan => "Plan / contract",
            Role::Spend => "Spend / charges",
            Role::LastOrder => "Last order date (per customer)",
            Role::OrderCount => "Number of orders (per customer)",
            Role::Attribute => "Attribute",
            Role::Ignored => "Ignored",
        }
    }

    /// The stable key used in serialised profiles and the role picker (`customer_id`, ...).
    pub fn key(self) -> &'static str {
        match self {
            Role::CustomerId => "customer_id",
            Role::Age => "age",
            Role::Gender => "gender",
            Role::Location => "location",
            Role::Income => "income",
            Role::Occupation => "occupation",
            Role::Education => "education",
            Role::Household => "household",
            Role::Interests => "interests",
            Role::Values => "values",
            Role::Lifestyle => "lifestyle",
            Role::OrderId => "order_id",
            Role::OrderDate => "order_date",
            Role::OrderValue => "order_value",
            Role::Quantity => "quantity",
            Role::Discount => "discount",
            Role::Channel => "channel",
            Role::Product => "product",
            Role::EventTime => "event_time",
            Role::EventType => "event_type",
            Role::Touchpoint => "touchpoint",
            Role::FeedbackText => "feedback_text",
            Role::Satisfaction => "satisfaction",
            Role::Tenure => "tenure",
            Role::Status => "status",
            Role::Plan => "plan",
            Role::Spend => "spend",
            Role::LastOrder => "last_order",
            Role::OrderCount => "order_count",
            Role::Attribute => "attribute",
            Role::Ignored => "ignored",
        }
    }

    /// The inverse of [`Role::key`]; `None` for anything else (never panics on UI input).
    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }
}
