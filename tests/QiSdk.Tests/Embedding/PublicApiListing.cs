using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace QiSdk.Tests.Embedding;

/// <summary>
/// Renders an assembly's public surface as sorted text, one line per type and member, so a checked-in listing can be
/// compared with what the build produces (PublicApiAnalyzers is not available here, so this reflects instead).
/// </summary>
internal static class PublicApiListing
{
    public static string Render(Assembly assembly)
    {
        var sb = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            sb.Append(TypeHeader(type)).Append('\n');
            var lines = new List<string>();
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            if (type.IsEnum)
            {
                lines.AddRange(Enum.GetNames(type).Select(n => "  " + n));
            }
            else
            {
                foreach (var ctor in type.GetConstructors(flags))
                {
                    lines.Add($"  ctor({Parameters(ctor.GetParameters())})");
                }

                foreach (var property in type.GetProperties(flags))
                {
                    var accessors = new List<string>();
                    if (property.GetMethod?.IsPublic == true)
                    {
                        accessors.Add("get;");
                    }

                    if (property.SetMethod?.IsPublic == true)
                    {
                        bool init = property.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Any(m => m == typeof(IsExternalInit));
                        accessors.Add(init ? "init;" : "set;");
                    }

                    string name = property.GetIndexParameters() is { Length: > 0 } ip ? $"this[{Parameters(ip)}]" : property.Name;
                    bool isStatic = (property.GetMethod ?? property.SetMethod)!.IsStatic;
                    lines.Add($"  {(isStatic ? "static " : string.Empty)}property {TypeName(property.PropertyType)} {name} {{ {string.Join(' ', accessors)} }}");
                }

                foreach (var method in type.GetMethods(flags).Where(m => !m.IsSpecialName))
                {
                    if (method.Name == "<Clone>$")
                    {
                        continue;
                    }

                    string generic = method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;
                    lines.Add($"  {(method.IsStatic ? "static " : string.Empty)}{(method.IsAbstract && !type.IsInterface ? "abstract " : string.Empty)}method {TypeName(method.ReturnType)} {method.Name}{generic}({Parameters(method.GetParameters())})");
                }

                foreach (var op in type.GetMethods(flags).Where(m => m.IsSpecialName && m.Name.StartsWith("op_", StringComparison.Ordinal)))
                {
                    lines.Add($"  operator {TypeName(op.ReturnType)} {op.Name}({Parameters(op.GetParameters())})");
                }

                foreach (var field in type.GetFields(flags))
                {
                    lines.Add($"  {(field.IsStatic ? "static " : string.Empty)}{(field.IsLiteral ? "const " : field.IsInitOnly ? "readonly " : string.Empty)}field {TypeName(field.FieldType)} {field.Name}");
                }

                foreach (var ev in type.GetEvents(flags))
                {
                    lines.Add($"  event {TypeName(ev.EventHandlerType!)} {ev.Name}");
                }
            }

            foreach (string line in lines.Order(StringComparer.Ordinal))
            {
                sb.Append(line).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static string TypeHeader(Type type)
    {
        string kind = type.IsInterface ? "interface"
            : type.IsEnum ? "enum"
            : type.IsValueType ? (type.GetMethod("<Clone>$") is not null || type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null ? "record struct" : "struct")
            : typeof(Delegate).IsAssignableFrom(type) ? "delegate"
            : type.GetMethod("<Clone>$") is not null ? "record"
            : "class";
        string modifiers = type.IsClass && !typeof(Delegate).IsAssignableFrom(type)
            ? (type.IsAbstract && type.IsSealed ? "static " : type.IsSealed ? "sealed " : type.IsAbstract ? "abstract " : string.Empty)
            : string.Empty;
        var bases = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum) && !typeof(Delegate).IsAssignableFrom(type))
        {
            bases.Add(TypeName(b));
        }

        if (!type.IsEnum)
        {
            bases.AddRange(type.GetInterfaces().Select(TypeName).Order(StringComparer.Ordinal));
        }
        return $"{modifiers}{kind} {TypeName(type)}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : string.Empty)}";
    }

    private static string Parameters(ParameterInfo[] parameters) =>
        string.Join(", ", parameters.Select(p =>
            (p.IsOut ? "out " : p.ParameterType.IsByRef ? (p.IsIn ? "in " : "ref ") : string.Empty)
            + TypeName(p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType)
            + " " + p.Name + (p.HasDefaultValue ? " = " + (p.DefaultValue?.ToString() ?? "null") : string.Empty)));

    private static string TypeName(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (type.IsArray)
        {
            return TypeName(type.GetElementType()!) + "[]";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeName(underlying) + "?";
        }

        string name = type.IsNested ? TypeName(type.DeclaringType!) + "." + type.Name : (type.Namespace is null ? type.Name : type.Namespace + "." + type.Name);
        if (type.IsGenericType)
        {
            int tick = name.IndexOf('`', StringComparison.Ordinal);
            if (tick >= 0)
            {
                name = name[..tick];
            }

            name += "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">";
        }

        return name;
    }
}
