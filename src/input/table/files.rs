//! Which files are tables, and which are the lock files and backups that spreadsheet programs
//! leave next to them (never data, so never read or warned about).

/// How a table file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Csv,
    /// An Excel workbook (Office Open XML).
    Xlsx,
    /// An OpenDocument spreadsheet (LibreOffice).
    Ods,
}

/// The extensions of table files, in the order they are looked for (`regions.csv`, then
/// `regions.xlsx`, then `regions.ods`).
pub const TABLE_EXTENSIONS: &[&str] = &["csv", "xlsx", "ods"];

/// The kind of table a file name holds, by its extension (any case); `None` for other files.
pub fn table_kind(name: &str) -> Option<TableKind> {
    let (_, ext) = name.rsplit_once('.')?;
    [
        ("csv", TableKind::Csv),
        ("xlsx", TableKind::Xlsx),
        ("ods", TableKind::Ods),
    ]
    .into_iter()
    .find(|(e, _)| ext.eq_ignore_ascii_case(e))
    .map(|(_, kind)| kind)
}

/// Lock files and backups of spreadsheet programs and editors: Excel's `~$name.xlsx`,
/// LibreOffice's `.~lock.name.ods#`, `name.bak` and `name~`; hidden files too.
pub fn is_spreadsheet_clutter(name: &str) -> bool {
    name.starts_with("~$")
        || name.starts_with('.')
        || name.ends_with('~')
        || name.to_ascii_lowercase().ends_with(".bak")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_known_by_extension() {
        assert_eq!(table_kind("regions.csv"), Some(TableKind::Csv));
        assert_eq!(table_kind("2023-08-yen-bai.XLSX"), Some(TableKind::Xlsx));
        assert_eq!(table_kind("b.ods"), Some(TableKind::Ods));
        assert_eq!(table_kind("notes.txt"), None);
        assert_eq!(table_kind("xlsx"), None);
    }

    #[test]
    fn lock_files_and_backups_are_clutter() {
        assert!(is_spreadsheet_clutter("~$2023-08.xlsx"));
        assert!(is_spreadsheet_clutter(".~lock.2023-08.ods#"));
        assert!(is_spreadsheet_clutter("regions.csv.bak"));
        assert!(is_spreadsheet_clutter("regions.BAK"));
        assert!(is_spreadsheet_clutter("regions.csv~"));
        assert!(!is_spreadsheet_clutter("2023-08.xlsx"));
    }
}
