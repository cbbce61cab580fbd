//! Column roles: what a column means for segmentation and personas.
//!
//! A role is suggested from the header first, in English, German, French, Spanish, Dutch and
//! Portuguese (headers are lower-cased, accents folded and `_-./` read as spaces, then matched
//! as whole words; the longest matching synonym wins, so `customer id` beats `id`), and from
//! the values second (a free-text column is feedback, a list column is interests, a column of
//! `m`/`f`/`female` values is gender). The user can change every role; nothing here is final.

use serde::{Deserialize, Serialize};

use crate::ingest::ColumnType;

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
    /// Not used (names, e-mails, technical columns).
    Ignored,
}

impl Role {
    /// Every role, in the order the role picker lists them.
    pub const ALL: [Role; 24] = [
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
            Role::Ignored => "ignored",
        }
    }

    /// The inverse of [`Role::key`]; `None` for anything else (never panics on UI input).
    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// Header synonyms per role, already normalised (see [`normalise_header`]).
const SYNONYMS: &[(Role, &[&str])] = &[
    (
        Role::CustomerId,
        &[
            "customer id",
            "customerid",
            "customer no",
            "customer number",
            "customer nr",
            "cust id",
            "client id",
            "clientid",
            "client no",
            "user id",
            "userid",
            "member id",
            "account id",
            "contact id",
            "buyer id",
            "kunden id",
            "kundenid",
            "kundennummer",
            "kunden nr",
            "kundennr",
            "kunde",
            "id client",
            "numero client",
            "no client",
            "code client",
            "identifiant client",
            "id cliente",
            "cliente id",
            "numero cliente",
            "codigo cliente",
            "id del cliente",
            "klant id",
            "klantid",
            "klantnummer",
            "klantnr",
            "id do cliente",
            "customer",
            "client",
            "cliente",
            "klant",
            "customer code",
            "person id",
            "custno",
            "cust no",
            "kdnr",
            "kd nr",
        ],
    ),
    (
        Role::Age,
        &[
            "age",
            "alter",
            "lebensalter",
            "edad",
            "leeftijd",
            "idade",
            "birth year",
            "year of birth",
            "yob",
            "birthyear",
            "geburtsjahr",
            "annee de naissance",
            "ano de nacimiento",
            "geboortejaar",
            "ano de nascimento",
            "date of birth",
            "dob",
            "birthdate",
            "birth date",
            "birthday",
            "geburtsdatum",
            "date de naissance",
            "fecha de nacimiento",
            "geboortedatum",
            "data de nascimento",
            "age group",
            "age band",
            "altersgruppe",
            "tranche d age",
            "age range",
        ],
    ),
    (
        Role::Gender,
        &[
            "gender",
            "sex",
            "geschlecht",
            "genre",
            "sexe",
            "genero",
            "sexo",
            "geslacht",
            "anrede",
            "salutation",
            "civilite",
        ],
    ),
    (
        Role::Location,
        &[
            "city",
            "town",
            "region",
            "state",
            "province",
            "country",
            "postcode",
            "postal code",
            "zip",
            "zip code",
            "zipcode",
            "location",
            "address",
            "county",
            "district",
            "stadt",
            "ort",
            "wohnort",
            "land",
            "bundesland",
            "plz",
            "postleitzahl",
            "ville",
            "pays",
            "code postal",
            "departement",
            "ciudad",
            "pais",
            "provincia",
            "codigo postal",
            "stad",
            "woonplaats",
            "plaats",
            "postcode nl",
            "provincie",
            "cidade",
            "estado",
            "cep",
            "market",
            "area",
            "geo",
        ],
    ),
    (
        Role::Income,
        &[
            "income",
            "annual income",
            "household income",
            "salary",
            "earnings",
            "einkommen",
            "gehalt",
            "jahreseinkommen",
            "revenu",
            "revenus",
            "salaire",
            "ingresos",
            "ingreso",
            "salario",
            "inkomen",
            "salaris",
            "renda",
            "rendimento",
            "income band",
            "income bracket",
        ],
    ),
    (
        Role::Occupation,
        &[
            "occupation",
            "job",
            "job title",
            "profession",
            "employment",
            "work",
            "beruf",
            "taetigkeit",
            "tatigkeit",
            "metier",
            "emploi",
            "ocupacion",
            "profesion",
            "empleo",
            "beroep",
            "functie",
            "ocupacao",
            "profissao",
            "industry",
            "role",
        ],
    ),
    (
        Role::Education,
        &[
            "education",
            "degree",
            "qualification",
            "schooling",
            "bildung",
            "abschluss",
            "ausbildung",
            "bildungsabschluss",
            "education level",
            "niveau d etudes",
            "etudes",
            "diplome",
            "educacion",
            "estudios",
            "nivel educativo",
            "opleiding",
            "opleidingsniveau",
            "educacao",
            "escolaridade",
        ],
    ),
    (
        Role::Household,
        &[
            "marital status",
            "marital",
            "household",
            "household size",
            "family status",
            "children",
            "kids",
            "familienstand",
            "haushalt",
            "haushaltsgrosse",
            "kinder",
            "situation familiale",
            "etat civil",
            "menage",
            "enfants",
            "estado civil",
            "hogar",
            "hijos",
            "burgerlijke staat",
            "huishouden",
            "kinderen",
            "agregado familiar",
            "filhos",
            "civil status",
            "relationship status",
        ],
    ),
    (
        Role::Interests,
        &[
            "interests",
            "interest",
            "hobbies",
            "hobby",
            "interessen",
            "interesse",
            "freizeit",
            "interets",
            "centres d interet",
            "loisirs",
            "intereses",
            "aficiones",
            "interesses",
            "passatempos",
            "likes",
            "topics",
            "passions",
        ],
    ),
    (Role::Values, &["values", "personal values", "werte", "valeurs", "valores", "waarden", "beliefs", "priorities"]),
    (
        Role::Lifestyle,
        &[
            "lifestyle",
            "life style",
            "lebensstil",
            "style de vie",
            "estilo de vida",
            "levensstijl",
            "persona",
            "life stage",
            "lebensphase",
        ],
    ),
    (
        Role::OrderId,
        &[
            "order id",
            "orderid",
            "order no",
            "order number",
            "order nr",
            "transaction id",
            "transactionid",
            "invoice",
            "invoice no",
            "invoice number",
            "invoiceno",
            "receipt",
            "bestellnummer",
            "bestell id",
            "auftragsnummer",
            "rechnungsnummer",
            "numero de commande",
            "id commande",
            "commande",
            "numero pedido",
            "id pedido",
            "pedido",
            "factura",
            "bestelnummer",
            "order nummer",
            "ordernummer",
            "factuurnummer",
            "numero da encomenda",
            "encomenda",
            "basket id",
            "purchase id",
        ],
    ),
    (
        Role::OrderDate,
        &[
            "order date",
            "orderdate",
            "purchase date",
            "transaction date",
            "invoice date",
            "invoicedate",
            "date of purchase",
            "sale date",
            "bestelldatum",
            "kaufdatum",
            "rechnungsdatum",
            "auftragsdatum",
            "date de commande",
            "date d achat",
            "fecha de pedido",
            "fecha de compra",
            "fecha",
            "besteldatum",
            "aankoopdatum",
            "datum",
            "data do pedido",
            "data da compra",
            "date",
            "purchased at",
            "ordered at",
            "created at",
            "order time",
            "transaction time",
        ],
    ),
    (
        Role::OrderValue,
        &[
            "order value",
            "amount",
            "total",
            "revenue",
            "sales",
            "price",
            "spend",
            "order total",
            "total amount",
            "net amount",
            "gross amount",
            "value",
            "basket value",
            "umsatz",
            "betrag",
            "preis",
            "summe",
            "wert",
            "bestellwert",
            "gesamtbetrag",
            "montant",
            "prix",
            "chiffre d affaires",
            "total ttc",
            "importe",
            "precio",
            "ventas",
            "monto",
            "bedrag",
            "omzet",
            "prijs",
            "totaal",
            "valor",
            "preco",
            "montante",
            "unit price",
            "unitprice",
            "order amount",
            "monetary",
            "sale amount",
            "paid",
        ],
    ),
    (
        Role::Quantity,
        &[
            "quantity",
            "qty",
            "units",
            "count",
            "items",
            "menge",
            "anzahl",
            "stuck",
            "stueck",
            "quantite",
            "cantidad",
            "unidades",
            "aantal",
            "quantidade",
            "pieces",
        ],
    ),
    (
        Role::Discount,
        &[
            "discount",
            "coupon",
            "voucher",
            "promo",
            "promotion",
            "promo code",
            "markdown",
            "rabatt",
            "gutschein",
            "nachlass",
            "remise",
            "reduction",
            "bon de reduction",
            "descuento",
            "cupon",
            "korting",
            "kortingscode",
            "desconto",
            "cupao",
        ],
    ),
    (
        Role::Channel,
        &[
            "channel",
            "sales channel",
            "source",
            "acquisition channel",
            "medium",
            "utm source",
            "utm medium",
            "kanal",
            "vertriebskanal",
            "canal",
            "canal de venta",
            "canal de vente",
            "kanaal",
            "verkoopkanaal",
            "referrer",
            "platform",
            "ship mode",
            "store type",
        ],
    ),
    (
        Role::Product,
        &[
            "product",
            "product name",
            "product id",
            "sku",
            "item",
            "article",
            "category",
            "product category",
            "sub category",
            "subcategory",
            "segment product",
            "brand",
            "description",
            "produkt",
            "artikel",
            "kategorie",
            "warengruppe",
            "produit",
            "categorie",
            "article",
            "producto",
            "categoria",
            "articulo",
            "artikelnaam",
            "categorie nl",
            "produto",
            "stockcode",
            "department",
            "product line",
        ],
    ),
    (
        Role::EventTime,
        &[
            "event time",
            "event date",
            "timestamp",
            "event timestamp",
            "visit date",
            "session start",
            "occurred at",
            "time",
            "datetime",
            "zeitpunkt",
            "zeitstempel",
            "horodatage",
            "date evenement",
            "marca de tiempo",
            "tijdstip",
            "data hora",
            "event ts",
            "ts",
            "logged at",
        ],
    ),
    (
        Role::EventType,
        &[
            "event type",
            "event",
            "event name",
            "action",
            "activity",
            "stage",
            "journey stage",
            "funnel stage",
            "step",
            "ereignis",
            "ereignistyp",
            "aktion",
            "phase",
            "evenement",
            "type d evenement",
            "etape",
            "evento",
            "tipo de evento",
            "accion",
            "etapa",
            "gebeurtenis",
            "actie",
            "fase",
            "acao",
            "lifecycle stage",
        ],
    ),
    (
        Role::Touchpoint,
        &[
            "touchpoint",
            "touch point",
            "page",
            "page url",
            "url",
            "screen",
            "campaign",
            "device",
            "kontaktpunkt",
            "seite",
            "kampagne",
            "point de contact",
            "campagne",
            "punto de contacto",
            "pagina",
            "campana",
            "contactmoment",
            "pagina nl",
            "campanha",
            "ponto de contato",
            "landing page",
        ],
    ),
    (
        Role::FeedbackText,
        &[
            "feedback",
            "comment",
            "comments",
            "review",
            "review text",
            "remarks",
            "notes",
            "opinion",
            "verbatim",
            "free text",
            "message",
            "kommentar",
            "bewertung",
            "anmerkung",
            "rueckmeldung",
            "ruckmeldung",
            "commentaire",
            "avis",
            "remarque",
            "comentario",
            "comentarios",
            "opinion es",
            "resena",
            "opmerking",
            "opmerkingen",
            "beoordeling",
            "comentario pt",
            "observacoes",
            "why",
            "reason",
        ],
    ),
    (
        Role::Satisfaction,
        &[
            "nps",
            "net promoter score",
            "satisfaction",
            "csat",
            "rating",
            "score",
            "stars",
            "likelihood to recommend",
            "recommend",
            "zufriedenheit",
            "bewertung punkte",
            "weiterempfehlung",
            "satisfaction client",
            "note",
            "satisfaccion",
            "puntuacion",
            "valoracion",
            "tevredenheid",
            "cijfer",
            "satisfacao",
            "avaliacao",
        ],
    ),
    (
        Role::Ignored,
        &[
            "name",
            "first name",
            "last name",
            "full name",
            "email",
            "e mail",
            "mail",
            "phone",
            "telephone",
            "mobile",
            "vorname",
            "nachname",
            "telefon",
            "prenom",
            "nom",
            "nombre",
            "apellido",
            "telefono",
            "voornaam",
            "achternaam",
            "naam",
            "telefoon",
            "nome",
            "sobrenome",
            "row id",
            "index",
            "unnamed",
            "password",
            "ip",
            "ip address",
            "street",
        ],
    ),
];

/// Lower-cases, folds accents and reads punctuation as spaces: `Kunden-Nr.` → `kunden nr`.
/// camelCase is split too: `customerId` → `customer id`.
pub fn normalise_header(h: &str) -> String {
    let mut out = String::with_capacity(h.len() + 4);
    let mut prev_lower = false;
    for c in h.trim().chars() {
        if c.is_uppercase() && prev_lower {
            out.push(' ');
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        for l in c.to_lowercase() {
            let folded = match l {
                'à' | 'á' | 'â' | 'ã' | 'å' => 'a',
                'ä' => 'a',
                'ç' => 'c',
                'è' | 'é' | 'ê' | 'ë' => 'e',
                'ì' | 'í' | 'î' | 'ï' => 'i',
                'ñ' => 'n',
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
                'ù' | 'ú' | 'û' | 'ü' => 'u',
                'ß' => 's',
                c if c.is_alphanumeric() => c,
                _ => ' ',
            };
            out.push(folded);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A suggested role with the reason a user can read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleSuggestion {
    pub role: Role,
    pub reason: String,
}

/// The role a header alone suggests, with the synonym that matched.
pub fn role_from_header(header: &str) -> Option<(Role, &'static str)> {
    let norm = normalise_header(header);
    if norm.is_empty() {
        return None;
    }
    let padded = format!(" {norm} ");
    let mut best: Option<(Role, &'static str)> = None;
    for (role, words) in SYNONYMS {
        for w in *words {
            let hit = norm == *w || padded.contains(&format!(" {w} "));
            if hit && best.is_none_or(|(_, b)| w.len() > b.len()) {
                best = Some((*role, w));
            }
        }
    }
    best
}

/// What the value layer knows about a column, for role suggestions.
#[derive(Clone, Debug, Default)]
pub struct ValueHints<'a> {
    pub column_type: Option<ColumnType>,
    /// Most frequent values, lower-cased.
    pub top_values: &'a [String],
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Share of distinct values among non-missing ones.
    pub distinct_ratio: f64,
    pub index: usize,
}

const GENDER_WORDS: &[&str] = &[
    "m",
    "f",
    "w",
    "d",
    "x",
    "male",
    "female",
    "man",
    "woman",
    "men",
    "women",
    "non-binary",
    "nonbinary",
    "diverse",
    "divers",
    "other",
    "männlich",
    "weiblich",
    "homme",
    "femme",
    "hombre",
    "mujer",
    "masculino",
    "femenino",
    "feminino",
    "man nl",
    "vrouw",
    "herr",
    "frau",
    "mr",
    "mrs",
    "ms",
];

/// Suggests a role from the header and, failing that, from the values.
pub fn suggest_role(header: &str, hints: &ValueHints) -> RoleSuggestion {
    use ColumnType as T;
    let ty = hints.column_type;
    if let Some((role, word)) = role_from_header(header) {
        // A header match stands unless the values plainly contradict it.
        let contradicted = match role {
            Role::OrderValue | Role::Quantity | Role::Income => {
                !matches!(ty, Some(T::Number | T::Integer | T::Category | T::Text) | None)
            }
            Role::OrderDate | Role::EventTime => !matches!(ty, Some(T::Date) | None),
            _ => false,
        };
        if !contradicted {
            return RoleSuggestion { role, reason: format!("header matches \u{201c}{word}\u{201d}") };
        }
    }
    let top_are = |words: &[&str]| {
        !hints.top_values.is_empty() && hints.top_values.iter().take(6).all(|v| words.contains(&v.as_str()))
    };
    let (role, reason) = match ty {
        Some(T::FreeText) => (Role::FeedbackText, "long free text"),
        Some(T::MultiValue) => (Role::Interests, "lists of short items"),
        Some(T::Id) if hints.index == 0 => (Role::CustomerId, "unique identifiers in the first column"),
        Some(T::Category) if top_are(GENDER_WORDS) => (Role::Gender, "values look like genders"),
        Some(T::Integer) if hints.min >= Some(16.0) && hints.max <= Some(100.0) && header.is_empty() => {
            (Role::Age, "whole numbers between 16 and 100")
        }
        _ => (Role::Ignored, "no header or value pattern matched"),
    };
    RoleSuggestion { role, reason: reason.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_six_languages_map_to_roles() {
        let table: &[(&str, Option<Role>)] = &[
            ("Customer ID", Some(Role::CustomerId)),
            ("customer_id", Some(Role::CustomerId)),
            ("customerId", Some(Role::CustomerId)),
            ("Kunden-Nr.", Some(Role::CustomerId)),
            ("Kundennummer", Some(Role::CustomerId)),
            ("N° client", Some(Role::CustomerId)),
            ("ID Cliente", Some(Role::CustomerId)),
            ("Klantnummer", Some(Role::CustomerId)),
            ("CUSTNO", Some(Role::CustomerId)),
            ("Kd.-Nr.", Some(Role::CustomerId)),
            ("Alter", Some(Role::Age)),
            ("Âge", Some(Role::Age)),
            ("Edad", Some(Role::Age)),
            ("Leeftijd", Some(Role::Age)),
            ("Idade", Some(Role::Age)),
            ("Geburtsjahr", Some(Role::Age)),
            ("Date of birth", Some(Role::Age)),
            ("Geschlecht", Some(Role::Gender)),
            ("Sexe", Some(Role::Gender)),
            ("PLZ", Some(Role::Location)),
            ("Ville", Some(Role::Location)),
            ("Woonplaats", Some(Role::Location)),
            ("Country", Some(Role::Location)),
            ("Jahreseinkommen", Some(Role::Income)),
            ("Beruf", Some(Role::Occupation)),
            ("Opleiding", Some(Role::Education)),
            ("Familienstand", Some(Role::Household)),
            ("Hobbies", Some(Role::Interests)),
            ("Centres d'intérêt", Some(Role::Interests)),
            ("Werte", Some(Role::Values)),
            ("Lebensstil", Some(Role::Lifestyle)),
            ("Order ID", Some(Role::OrderId)),
            ("Bestellnummer", Some(Role::OrderId)),
            ("InvoiceNo", Some(Role::OrderId)),
            ("Order Date", Some(Role::OrderDate)),
            ("Bestelldatum", Some(Role::OrderDate)),
            ("Fecha de compra", Some(Role::OrderDate)),
            ("Sales", Some(Role::OrderValue)),
            ("Umsatz (EUR)", Some(Role::OrderValue)),
            ("Montant", Some(Role::OrderValue)),
            ("Quantity", Some(Role::Quantity)),
            ("Menge", Some(Role::Quantity)),
            ("Discount", Some(Role::Discount)),
            ("Rabatt", Some(Role::Discount)),
            ("Channel", Some(Role::Channel)),
            ("Canal", Some(Role::Channel)),
            ("Category", Some(Role::Product)),
            ("Sub-Category", Some(Role::Product)),
            ("Warengruppe", Some(Role::Product)),
            ("Event Type", Some(Role::EventType)),
            ("Journey stage", Some(Role::EventType)),
            ("Timestamp", Some(Role::EventTime)),
            ("Touchpoint", Some(Role::Touchpoint)),
            ("Kommentar", Some(Role::FeedbackText)),
            ("Commentaire", Some(Role::FeedbackText)),
            ("NPS", Some(Role::Satisfaction)),
            ("Zufriedenheit", Some(Role::Satisfaction)),
            ("E-Mail", Some(Role::Ignored)),
            ("Vorname", Some(Role::Ignored)),
            ("qwerty", None),
            ("", None),
        ];
        for (header, want) in table {
            assert_eq!(role_from_header(header).map(|r| r.0), *want, "header {header:?}");
        }
    }

    #[test]
    fn values_suggest_a_role_when_the_header_does_not() {
        let genders = ["female".to_owned(), "male".to_owned(), "other".to_owned()];
        let hints =
            |ty, top: &'static [String]| ValueHints { column_type: Some(ty), top_values: top, ..Default::default() };
        let g: &'static [String] = Box::leak(Box::new(genders));
        assert_eq!(suggest_role("column_3", &hints(ColumnType::Category, g)).role, Role::Gender);
        assert_eq!(suggest_role("column_9", &hints(ColumnType::FreeText, &[])).role, Role::FeedbackText);
        assert_eq!(suggest_role("tags", &hints(ColumnType::MultiValue, &[])).role, Role::Interests);
        assert_eq!(suggest_role("whatever", &hints(ColumnType::Boolean, &[])).role, Role::Ignored);
        // a header that the values contradict yields to the values
        assert_eq!(suggest_role("Date", &hints(ColumnType::FreeText, &[])).role, Role::FeedbackText);
    }

    #[test]
    fn role_keys_round_trip_and_reject_unknowns() {
        for r in Role::ALL {
            assert_eq!(Role::from_key(r.key()), Some(r));
        }
        assert_eq!(Role::from_key("nonsense"), None);
    }
}
