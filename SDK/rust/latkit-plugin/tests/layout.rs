//! Checks every `#[repr(C)]` struct of `latkit_plugin::sys` against the C header itself.
//!
//! A small C program, generated from the list below, is compiled with the system C compiler
//! (`$CC`, else `cc`) against `SDK/include/latkit_plugin.h` and prints the size, alignment and
//! field offsets of each struct; the same lines are computed on the Rust side with
//! `size_of` / `align_of` / `offset_of!` and must agree. So that no struct or field can be left
//! out of the list, the header is also read as text: every `typedef struct NAME { ... } NAME;`
//! in it must be listed here with exactly its fields, in order.
use std::collections::BTreeMap;
use std::mem::{align_of, offset_of, size_of};
use std::path::{Path, PathBuf};
use std::process::Command;

use latkit_plugin::sys::*;

/// One struct: its name, size, alignment and (field, offset) pairs in declaration order.
struct Layout {
    name: &'static str,
    size: usize,
    align: usize,
    fields: Vec<(&'static str, usize)>,
}

macro_rules! layouts {
    ($($type:ident { $($field:ident),* $(,)? })*) => {
        vec![$(Layout {
            name: stringify!($type),
            size: size_of::<$type>(),
            align: align_of::<$type>(),
            fields: vec![$((stringify!($field), offset_of!($type, $field))),*],
        }),*]
    };
}

fn rust_layouts() -> Vec<Layout> {
    layouts! {
        latkit_header { struct_size, abi_major, abi_minor }
        latkit_error { message, capacity, reserved }
        latkit_sink { struct_size, reserved, context, put }
        latkit_progress { struct_size, reserved, context, report }
        latkit_batch {
            struct_size, views, count, search_space, architectures, features, feature_count, reserved0,
            feature_encoding, operator_offsets, operator_keys, operator_counts, macs, params,
            device_features, device_feature_count, reserved1, device_feature_names, device_ids,
            batch_sizes, targets, model_format, model_offsets, model_bytes, model_input_shapes,
        }
        latkit_function { struct_size, reserved, name, signature, function, summary }
        latkit_descriptor {
            header, kind, function_count, name, version, summary, options_help, table, functions, plugin_data,
        }
        latkit_host_info { header, host_name, host_version }
        latkit_library { header, plugin_count, reserved, name, plugins, init }
        latkit_variation { struct_size, reserved, mutation_probability, resolution_probability }
        latkit_search_space_api {
            header, create, destroy, describe, canonicalize, from_fields, sample, mutate, crossover,
            encode, operators, cost, export_models, export_operators, list_operators,
        }
        latkit_estimator_api {
            header, create, destroy, views, capabilities, feature_encoding, fit, adapt, predict, save, load,
        }
        latkit_search_context {
            struct_size, objective_count, objective_names, directions, context, sample, mutate,
            crossover, evaluate, progress,
        }
        latkit_search_strategy_api { header, create, destroy, run }
        latkit_measure_options { struct_size, warmup_runs, timed_runs, batch_size, threads, reserved }
        latkit_measurement { mean_ms, std_ms, min_ms, median_ms, machine_load, runs, status }
        latkit_profiler_api {
            header, create, destroy, views, reserved, describe_device, measure, measure_operators,
        }
    }
}

fn include_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../include")
}

/// The report lines for `layouts`, as both sides print them.
fn report(layouts: &[Layout]) -> Vec<String> {
    let mut lines = Vec::new();
    for layout in layouts {
        lines.push(format!("{} size {} align {}", layout.name, layout.size, layout.align));
        for (field, offset) in &layout.fields {
            lines.push(format!("{}.{} offset {}", layout.name, field, offset));
        }
    }
    lines
}

/// A C program printing `report` for the same structs, computed by the C compiler.
fn c_program(layouts: &[Layout]) -> String {
    let mut source = String::from("#include <stddef.h>\n#include <stdio.h>\n#include \"latkit_plugin.h\"\nint main(void) {\n");
    for layout in layouts {
        let name = layout.name;
        source += &format!("    printf(\"{name} size %zu align %zu\\n\", sizeof({name}), (size_t)_Alignof({name}));\n");
        for (field, _) in &layout.fields {
            source += &format!("    printf(\"{name}.{field} offset %zu\\n\", offsetof({name}, {field}));\n");
        }
    }
    source + "    return 0;\n}\n"
}

#[test]
fn every_struct_matches_the_c_compiler() {
    let layouts = rust_layouts();
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("latkit-layout");
    std::fs::create_dir_all(&folder).unwrap();
    let source = folder.join("layout.c");
    let program = folder.join("layout");
    std::fs::write(&source, c_program(&layouts)).unwrap();

    let compiler = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let compiled = Command::new(&compiler)
        .args(["-std=c11", "-Wall", "-Werror", "-I"])
        .arg(include_dir())
        .arg(&source)
        .arg("-o")
        .arg(&program)
        .output()
        .unwrap_or_else(|error| panic!("cannot run the C compiler '{compiler}' (set CC): {error}"));
    assert!(compiled.status.success(), "{compiler} failed:\n{}", String::from_utf8_lossy(&compiled.stderr));

    let run = Command::new(&program).output().expect("the layout program runs");
    assert!(run.status.success());
    let c_lines: Vec<String> = String::from_utf8(run.stdout).unwrap().lines().map(str::to_string).collect();
    let rust_lines = report(&layouts);
    let differences: Vec<String> =
        c_lines.iter().zip(&rust_lines).filter(|(c, rust)| c != rust).map(|(c, rust)| format!("C: {c}  Rust: {rust}")).collect();
    assert_eq!(c_lines.len(), rust_lines.len(), "the two programs printed different numbers of lines");
    assert!(differences.is_empty(), "layouts differ:\n{}", differences.join("\n"));
    // 17 structs and 146 fields are checked; the count guards against an empty comparison.
    assert_eq!(layouts.len(), 17);
    assert_eq!(rust_lines.len(), 17 + layouts.iter().map(|l| l.fields.len()).sum::<usize>());
}

/// The structs of the header and their fields in order, read from its text.
fn header_structs() -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(include_dir().join("latkit_plugin.h")).unwrap();
    // Drop comments, then expand the table base macro where tables use it.
    let mut code = String::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("/*") {
        code += &rest[..start];
        let end = rest[start..].find("*/").expect("comments are closed") + start + 2;
        rest = &rest[end..];
    }
    code += rest;
    let code = code.replace("LATKIT_TABLE_BASE;", "latkit_header header; void (*create)(void); void (*destroy)(void);");

    let mut structs = BTreeMap::new();
    let mut rest = code.as_str();
    while let Some(start) = rest.find("typedef struct ") {
        rest = &rest[start + "typedef struct ".len()..];
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let after = rest[name.len()..].trim_start();
        if !after.starts_with('{') {
            continue; // `typedef struct latkit_handle latkit_handle;`: opaque
        }
        let open = rest.find('{').unwrap();
        let close = rest.find('}').unwrap();
        let fields = rest[open + 1..close]
            .split(';')
            .map(str::trim)
            .filter(|declaration| !declaration.is_empty())
            .map(|declaration| {
                let name_part = match declaration.find("(*") {
                    Some(star) => &declaration[star + 2..declaration[star..].find(')').unwrap() + star],
                    None => declaration,
                };
                let name: String = name_part
                    .trim()
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                name
            })
            .collect();
        structs.insert(name, fields);
        rest = &rest[close..];
    }
    structs
}

#[test]
fn every_struct_and_field_of_the_header_is_bound() {
    let header = header_structs();
    let bound: BTreeMap<String, Vec<String>> = rust_layouts()
        .into_iter()
        .map(|layout| (layout.name.to_string(), layout.fields.iter().map(|(field, _)| field.to_string()).collect()))
        .collect();
    assert_eq!(header.keys().collect::<Vec<_>>(), bound.keys().collect::<Vec<_>>(), "the header's structs and the bound ones differ");
    for (name, fields) in &header {
        assert_eq!(fields, &bound[name], "fields of {name}");
    }
}
