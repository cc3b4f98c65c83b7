using System.Reflection;
using System.Reflection.Emit;

namespace QiSdk.Tests.Embedding;

/// <summary>
/// The core's folders follow the data flow: records -> codes -> indicators -> privacy -> reports -> feedback. A stage may use the
/// stages before it (and the shared root namespace <c>QiSdk</c> and plumbing <c>QiSdk.IO</c>), never one after it.
/// References are read from the compiled assembly: every type's signatures and every method body's IL (type, member and
/// field tokens), so a use inside a lambda or an async method counts too.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string[] Stages = ["QiSdk.Records", "QiSdk.Codes", "QiSdk.Indicators", "QiSdk.Privacy", "QiSdk.Reports", "QiSdk.Feedback"];

    private static readonly Dictionary<short, OpCode> OneByte = [];
    private static readonly Dictionary<short, OpCode> TwoByte = [];

    static LayeringTests()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var op = (OpCode)field.GetValue(null)!;
            (op.Size == 1 ? OneByte : TwoByte)[op.Value] = op;
        }
    }

    /// <summary>The stage of a namespace (QiSdk.Codes.Units is in codes), or -1 for shared and other namespaces.</summary>
    internal static int StageOf(Type type) => StageOf(type, Stages);

    private static int StageOf(Type type, string[] stages)
    {
        string ns = Outer(type).Namespace ?? string.Empty;
        for (int i = 0; i < stages.Length; i++)
        {
            if (ns == stages[i] || ns.StartsWith(stages[i] + ".", StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Every use of a later stage by an earlier one in <paramref name="assembly"/>, as "from -> to: type uses type".</summary>
    private static SortedSet<string> BackEdges(Assembly assembly, string[] stages)
    {
        var backEdges = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            int from = StageOf(type, stages);
            if (from < 0)
            {
                continue;
            }

            foreach (var used in References(type))
            {
                if (used.Assembly == assembly && StageOf(used, stages) is var to && to > from)
                {
                    backEdges.Add($"{stages[from]} -> {stages[to]}: {Outer(type).FullName} uses {Outer(used).FullName}");
                }
            }
        }

        return backEdges;
    }

    [Test]
    public void No_stage_uses_a_later_stage()
    {
        var backEdges = BackEdges(typeof(QiSdk.Records.PatientRecord).Assembly, Stages);

        Assert.That(backEdges, Is.Empty, "a stage uses a later stage (move shared plumbing to QiSdk.IO, shared vocabulary to the earliest stage that owns it, or invert the use with an abstraction the earlier stage owns)");
    }

    [Test]
    public void The_checker_reports_a_privacy_stage_type_that_calls_a_report_writer()
    {
        // Two stages in this test assembly, shaped like the edge that used to exist (privacy calling the reports writer
        // from a method body only): the checker must report it, and nothing the other way round.
        string[] stages = [typeof(LayeringProbe.Privacy.ProbeDisclosure).Namespace!, typeof(LayeringProbe.Reports.ProbeWriter).Namespace!];

        var backEdges = BackEdges(typeof(LayeringTests).Assembly, stages);

        Assert.That(backEdges, Is.EqualTo(new[]
        {
            $"{stages[0]} -> {stages[1]}: {typeof(LayeringProbe.Privacy.ProbeDisclosure).FullName} uses {typeof(LayeringProbe.Reports.ProbeWriter).FullName}",
        }));
    }

    [Test]
    public void The_core_package_references_no_other_QiSdk_package_and_holds_no_synthetic_practice()
    {
        // Packages sit on the core, never under it: the synthetic practice (QiSdk.Synthetic), the DI package, the tool and
        // the interop packages reference QiSdk; an EMR's production dependency carries none of them.
        var core = typeof(QiSdk.Records.PatientRecord).Assembly;
        var references = core.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        Assert.That(references.Where(n => n.StartsWith("QiSdk", StringComparison.Ordinal)), Is.Empty);
        Assert.That(core.GetTypes().Select(t => t.Namespace ?? string.Empty).Where(n => n.StartsWith("QiSdk.Synthetic", StringComparison.Ordinal)).Distinct(), Is.Empty);
        Assert.That(typeof(QiSdk.Synthetic.SyntheticPractice).Assembly.GetName().Name, Is.EqualTo("QiSdk.Synthetic"));
        Assert.That(typeof(QiSdk.Synthetic.SyntheticPractice).Assembly.GetReferencedAssemblies().Select(a => a.Name), Does.Contain("QiSdk"));
    }

    [Test]
    public void The_checker_sees_a_use_inside_a_method_body()
    {
        // Guards the checker itself: a reference that exists only in IL (a call) must be found.
        var found = References(typeof(LayeringTests)).ToHashSet();

        Assert.That(found, Does.Contain(typeof(OpCodes)), "a static field read in a static constructor body");
        Assert.That(StageOf(typeof(QiSdk.Codes.Units.UnitNormaliser)), Is.EqualTo(1));
    }

    private static Type Outer(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    private static HashSet<Type> References(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter || !found.Add(t))
            {
                return;
            }

            if (t.HasElementType)
            {
                Add(t.GetElementType());
            }

            if (t.IsConstructedGenericType)
            {
                Add(t.GetGenericTypeDefinition());
                foreach (var a in t.GetGenericArguments())
                {
                    Add(a);
                }
            }
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
        {
            Add(i);
        }

        foreach (var f in type.GetFields(all))
        {
            Add(f.FieldType);
        }

        foreach (var p in type.GetProperties(all))
        {
            Add(p.PropertyType);
        }

        foreach (var m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (m is MethodInfo mi)
            {
                Add(mi.ReturnType);
            }

            foreach (var p in m.GetParameters())
            {
                Add(p.ParameterType);
            }

            var body = m.GetMethodBody();
            if (body is null)
            {
                continue;
            }

            foreach (var local in body.LocalVariables)
            {
                Add(local.LocalType);
            }

            foreach (var t in IlReferences(m, body.GetILAsByteArray() ?? []))
            {
                Add(t);
            }
        }

        return found;
    }

    private static IEnumerable<Type> IlReferences(MethodBase method, byte[] il)
    {
        var module = method.Module;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } dt ? dt.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int i = 0;
        while (i < il.Length)
        {
            OpCode op = il[i] == 0xFE ? TwoByte[unchecked((short)(0xFE00 | il[i + 1]))] : OneByte[il[i]];
            i += op.Size;
            switch (op.OperandType)
            {
                case OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField:
                    int token = BitConverter.ToInt32(il, i);
                    MemberInfo? member = null;
                    try
                    {
                        member = module.ResolveMember(token, typeArgs, methodArgs);
                    }
                    catch (ArgumentException)
                    {
                    }

                    switch (member)
                    {
                        case Type t: yield return t; break;
                        case MemberInfo m when m.DeclaringType is { } d: yield return d; break;
                    }

                    if (member is FieldInfo f)
                    {
                        yield return f.FieldType;
                    }

                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineNone:
                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }
}
